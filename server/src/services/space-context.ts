/**
 * Everything that works inside one space (collectivité), built on first use and kept: its
 * repositories (every query scoped to the space), its forecast (decisions), map bodies, readings
 * and ingestion, and plans. The compute workers, the job queue, the plan events and the road
 * network are shared by all spaces.
 */
import type { ComputeWorker } from '../compute/compute-client.js';
import type { Db } from '../db/connection.js';
import { AlertsRepository } from '../db/repositories/alerts-repository.js';
import { ClosuresRepository } from '../db/repositories/closures-repository.js';
import { DriverRepository } from '../db/repositories/driver-repository.js';
import { ReplansRepository } from '../db/repositories/replans-repository.js';
import { BinsRepository } from '../db/repositories/bins-repository.js';
import { CitizenReportsRepository } from '../db/repositories/citizen-reports-repository.js';
import { FleetRepository } from '../db/repositories/fleet-repository.js';
import { InventoryRepository } from '../db/repositories/inventory-repository.js';
import { PlanEditsRepository } from '../db/repositories/plan-edits-repository.js';
import { PlanJobsRepository, PlansRepository } from '../db/repositories/plans-repository.js';
import { ReadingsRepository } from '../db/repositories/readings-repository.js';
import { SpacesRepository, type SpaceRow } from '../db/repositories/spaces-repository.js';
import { NotFoundError } from '../errors.js';
import { BinsService, DataVersion } from './bins-service.js';
import { CitizenReportsService } from './citizen-reports-service.js';
import { ClosuresService } from './closures-service.js';
import { ReplanService } from './replan-service.js';
import { DecisionService } from './decision-service.js';
import { HorizonService } from './horizon-service.js';
import { DriverService } from './driver-service.js';
import { IngestService } from './ingest-service.js';
import { InventoryService } from './inventory-service.js';
import type { JobQueue } from './job-queue.js';
import { KnownBins } from './known-bins.js';
import { PlanEditService } from './plan-edit-service.js';
import { PublicMapService } from './public-map-service.js';
import { DEFAULT_SOLVE_ITERATIONS, PlanEvents, PlanService, type PlanServiceOptions } from './plan-service.js';
import { ReadingsService } from './readings-service.js';
import { ReadingsWriter } from './readings-writer.js';
import type { RoadContext } from './road-context.js';

/** The services of one space. */
export interface SpaceContext {
  readonly space: SpaceRow;
  readonly known: KnownBins;
  readonly data: DataVersion;
  readonly decisions: DecisionService;
  /** The rolling-horizon plan of the coming working days, from the same forecast (issue #17). */
  readonly horizon: HorizonService;
  readonly bins: BinsService;
  readonly readings: ReadingsService;
  readonly ingest: IngestService;
  readonly plans: PlanService;
  /** Edits, versions and re-optimisation of the space's plans. */
  readonly edits: PlanEditService;
  readonly inventory: InventoryService;
  /** Street closures and no-go areas. */
  readonly closures: ClosuresService;
  /** Mid-day re-plans and done stops. */
  readonly replans: ReplanService;
  /** The drivers' rounds, reports and positions, and the manager's progress view (issue #15). */
  readonly driver: DriverService;
  /** The citizens' map: drop-off points with a coarse status (issue #16). */
  readonly publicMap: PublicMapService;
  /** Citizens' reports and their moderation; accepted ones make their bin `must` (issue #16). */
  readonly citizenReports: CitizenReportsService;
}

/** What every space shares. */
export interface SharedServices {
  readonly db: Db;
  readonly road: RoadContext;
  readonly now: () => Date;
  readonly queries: ComputeWorker;
  readonly planner: ComputeWorker;
  readonly queue: JobQueue;
  readonly events: PlanEvents;
  /** Plan settings (seed, iterations, time limit, log); the time zone is the space's. */
  readonly planOptions: Omit<PlanServiceOptions, 'timeZone' | 'now'>;
}

/** The space contexts of the platform (see the file comment). */
export class SpaceContexts {
  private readonly contexts = new Map<string, SpaceContext>();
  private readonly spaces: SpacesRepository;

  constructor(private readonly shared: SharedServices) {
    this.spaces = new SpacesRepository(shared.db);
  }

  /**
   * The context of space `spaceId`.
   * @throws NotFoundError for a space that does not exist.
   */
  get(spaceId: string): SpaceContext {
    const hit = this.contexts.get(spaceId);
    if (hit) return hit;
    const space = this.spaces.get(spaceId);
    if (!space) throw new NotFoundError(`unknown space '${spaceId.slice(0, 40)}'`);
    const ctx = this.build(space);
    this.contexts.set(spaceId, ctx);
    return ctx;
  }

  /**
   * Changes a space's name, communes and time zone; its services are rebuilt on next use (with the
   * new time zone).
   * @throws NotFoundError for a space that does not exist.
   */
  update(spaceId: string, changes: Pick<SpaceRow, 'name' | 'communes' | 'timeZone'>): SpaceRow {
    if (!this.spaces.get(spaceId)) throw new NotFoundError(`unknown space '${spaceId.slice(0, 40)}'`);
    this.spaces.update({ id: spaceId, ...changes });
    this.contexts.delete(spaceId);
    return this.spaces.get(spaceId)!;
  }

  /** Every space of the platform. */
  all(): SpaceRow[] {
    return this.spaces.all();
  }

  /** Queues again, each in its space, the plans a stopped server left queued or running. @returns how many. */
  resumeInterrupted(): number {
    const rows = new PlanJobsRepository(this.shared.db).requeueInterrupted();
    for (const r of rows) this.get(r.spaceId).plans.enqueue(r.id, `plan ${r.id} (resumed)`);
    return rows.length;
  }

  private build(space: SpaceRow): SpaceContext {
    const { db, road, now, queries, planner, queue, events, planOptions } = this.shared;
    const bins = new BinsRepository(db, space.id);
    const readings = new ReadingsRepository(db, space.id);
    const fleet = new FleetRepository(db, space.id);
    const plansRepo = new PlansRepository(db, space.id);
    const alerts = new AlertsRepository(db, space.id);
    const known = new KnownBins(bins);
    const data = new DataVersion();
    const driverRepo = new DriverRepository(db, space.id);
    // the forecast reads the accepted citizens' reports; the reports service is built below
    let citizenReports: CitizenReportsService | null = null;
    const decisions = new DecisionService(bins, readings, queries, space.timeZone, driverRepo, { openMusts: () => citizenReports?.openMusts() ?? [] });
    const onWrite = (): void => {
      data.bump();
      decisions.invalidate();
    };
    const publicMap = new PublicMapService(space, bins, decisions, road, data, now);
    const reports = new CitizenReportsService(new CitizenReportsRepository(db, space.id), (binId) => publicMap.isPoint(binId), now, onWrite);
    citizenReports = reports;
    const writer = new ReadingsWriter(db, readings, alerts);
    const binsService = new BinsService(bins, readings, decisions, road, data, known, now, space.timeZone);
    const horizon = new HorizonService(bins, fleet, decisions, planOptions.seed ?? 1);
    const plans = new PlanService({ bins, fleet, plans: plansRepo }, road, decisions, binsService, planner, queue, events, { ...planOptions, now, timeZone: space.timeZone }, horizon);
    const closures = new ClosuresService(new ClosuresRepository(db, space.id), now);
    // a driver's `collected` report closes the accepted citizens' reports of that bin (e-mail erased)
    const driver = new DriverService(space, driverRepo, plansRepo, bins, fleet, road, now, () => {
      reports.closeCollected();
      onWrite();
    });
    const replans = new ReplanService(plansRepo, new ReplansRepository(db, space.id), fleet, closures, plans, now, (planId) => driver.reportedDone(planId));
    plans.useDayChanges(replans);
    return {
      space,
      known,
      data,
      decisions,
      horizon,
      bins: binsService,
      readings: new ReadingsService(writer, alerts, known, now, onWrite),
      ingest: new IngestService(writer, known, now, onWrite),
      plans,
      inventory: new InventoryService(fleet, bins, new InventoryRepository(db, space.id), known, road, now, onWrite),
      closures,
      replans,
      driver,
      publicMap,
      citizenReports: reports,
      edits: new PlanEditService(plans, plansRepo, new PlanEditsRepository(db, space.id), fleet, queries, planner, {
        timeZone: space.timeZone,
        now,
        iterations: planOptions.maxIterations ?? DEFAULT_SOLVE_ITERATIONS,
      }),
    };
  }
}
