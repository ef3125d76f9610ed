/**
 * Validation table for the problem format (house style §4): each malformed document next to the
 * exact list of problems it must produce, every one with its JSON path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProblemJson, ProblemError, type ProblemIssue } from '../../src/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases edit arbitrary JSON documents
type Doc = Record<string, any>;

const example = (): Doc => JSON.parse(readFileSync('docs/examples/problem-small.json', 'utf8'));

function issuesOf(doc: unknown): ProblemIssue[] {
  try {
    parseProblemJson(doc);
  } catch (e) {
    if (e instanceof ProblemError) return [...e.issues];
    throw e;
  }
  return [];
}

const CASES: { name: string; edit: (d: Doc) => void; issues: ProblemIssue[] }[] = [
  {
    name: 'an unknown depot and an unknown vehicle in a lock',
    edit: (d) => {
      d.vehicles[0].endDepotId = 'nowhere';
      d.locks = [{ vehicleId: 'BOM-99', binIds: ['B1'] }];
    },
    issues: [
      { path: 'vehicles[0].endDepotId', message: "unknown depot 'nowhere'" },
      { path: 'locks[0].vehicleId', message: "unknown vehicle 'BOM-99'" },
    ],
  },
  {
    name: 'a time window that closes before it opens',
    edit: (d) => {
      d.bins[3].timeWindows = [{ openSec: 36_000, closeSec: 28_800 }];
    },
    issues: [{ path: 'bins[3].timeWindows[0].closeSec', message: 'closes (28800) before it opens (36000)' }],
  },
  {
    name: 'negative demand and a non-integer one',
    edit: (d) => {
      d.bins[0].demandLitres = -5;
      d.bins[1].demandKg = 12.5;
    },
    issues: [
      { path: 'bins[0].demandLitres', message: 'Too small: expected number to be >=0' },
      { path: 'bins[1].demandKg', message: 'Invalid input: expected int, received number' },
    ],
  },
  {
    name: 'a matrix of the wrong size',
    edit: (d) => {
      d.matrix.distancesM.pop();
      d.matrix.durationsSec[2].push(5);
    },
    issues: [
      { path: 'matrix.durationsSec[2]', message: 'has 9 entries, expected 8' },
      { path: 'matrix.distancesM', message: 'has 7 rows, expected 8 (as durationsSec)' },
    ],
  },
  {
    name: 'a location index outside the matrix',
    edit: (d) => {
      d.bins[2].locationIndex = 8;
    },
    issues: [{ path: 'bins[2].locationIndex', message: 'must be < 8 (the matrix size)' }],
  },
  {
    name: 'a break longer than the shift and a break window upside down',
    edit: (d) => {
      d.vehicles[0].breaks = [
        { earliestStartSec: 30_000, latestStartSec: 31_000, durationSec: 30_000 },
        { earliestStartSec: 40_000, latestStartSec: 39_000, durationSec: 600 },
      ];
    },
    issues: [
      { path: 'vehicles[0].breaks[0].durationSec', message: 'break (30000 s) is not shorter than the shift (25200 s)' },
      { path: 'vehicles[0].breaks[1].latestStartSec', message: 'latest start (39000) is before earliest start (40000)' },
    ],
  },
  {
    name: 'duplicate bin ids, an optional bin without prize, an unknown stream',
    edit: (d) => {
      d.bins[1].id = 'B1';
      d.bins[4].mandatory = false;
      d.bins[5].stream = 'plutonium';
    },
    issues: [
      { path: 'bins[5].stream', message: 'Invalid option: expected one of "residual"|"packaging"|"glass"|"paper"|"biowaste"' },
      { path: 'bins[1].id', message: "duplicate id 'B1'" },
      { path: 'bins[4].prize', message: 'required for an optional bin (mandatory: false)' },
    ],
  },
  {
    name: 'every kind of problem at once: unknown ids, an upside-down window, negative demand, a short matrix row, a break longer than the shift',
    edit: (d) => {
      d.vehicles[0].endDepotId = 'nowhere';
      d.bins[3].timeWindows = [{ openSec: 36_000, closeSec: 28_800 }];
      d.bins[0].demandLitres = -5;
      d.matrix.durationsSec[2].pop();
      d.vehicles[0].breaks[0].durationSec = 30_000;
    },
    issues: [
      { path: 'bins[0].demandLitres', message: 'Too small: expected number to be >=0' },
      { path: 'matrix.durationsSec[2]', message: 'has 7 entries, expected 8' },
      { path: 'bins[3].timeWindows[0].closeSec', message: 'closes (28800) before it opens (36000)' },
      { path: 'vehicles[0].endDepotId', message: "unknown depot 'nowhere'" },
      { path: 'vehicles[0].breaks[0].durationSec', message: 'break (30000 s) is not shorter than the shift (25200 s)' },
    ],
  },
  {
    name: 'a shift that ends before it starts, and an unknown bin in a fixed prefix',
    edit: (d) => {
      d.vehicles[0].shiftEndSec = 20_000;
      d.fixedPrefixes = [{ vehicleId: 'BOM-01', doneBinIds: ['B1', 'ghost'], locationIndex: 2, atSec: 23_000, loadLitres: 24_000, loadKg: 2_900 }];
    },
    issues: [
      { path: 'vehicles[0].shiftEndSec', message: 'shift ends (20000) before or when it starts (21600)' },
      { path: 'fixedPrefixes[0].doneBinIds[1]', message: "unknown bin 'ghost'" },
    ],
  },
  {
    name: 'locations given as [lng, lat] while a matrix is present',
    edit: (d) => {
      delete d.bins[0].locationIndex;
      d.bins[0].location = [7.42, 43.73];
    },
    issues: [
      { path: 'bins[0].locationIndex', message: 'required when the problem has a matrix' },
    ],
  },
  {
    name: 'a wrong version and no vehicles',
    edit: (d) => {
      d.version = 2;
      d.vehicles = [];
    },
    issues: [
      { path: 'version', message: 'Invalid input: expected 1' },
      { path: 'vehicles', message: 'Too small: expected array to have >=1 items' },
    ],
  },
];

describe('parseProblemJson', () => {
  it('accepts the documented example and applies defaults', () => {
    const p = parseProblemJson(example());
    expect(p.bins[0]?.approach).toBe('either');
    expect(p.bins[0]?.mandatory).toBe(true);
    expect(p.bins[3]?.approach).toBe('kerb');
  });

  it.each(CASES)('rejects $name with every problem and its path', ({ edit, issues }) => {
    const doc = example();
    edit(doc);
    expect(issuesOf(doc)).toEqual(issues);
  });

  it('needs a location on the map when there is no matrix', () => {
    const doc = example();
    delete doc.matrix;
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toContain('depots[0].location');
    expect(paths).toContain('depots[0].locationIndex');
    expect(paths).toContain('bins[5].location');
  });

  it('throws a ProblemError whose message counts the problems', () => {
    const doc = example();
    doc.bins[0].demandLitres = -1;
    doc.bins[1].demandLitres = -1;
    expect(() => parseProblemJson(doc)).toThrow(/invalid problem: 2 problems: bins\[0\]\.demandLitres/);
  });
});
