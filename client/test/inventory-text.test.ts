import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_REASON_CODES } from '../../server/contract/index.js';
import { setLanguage, t } from '../src/i18n/index.js';
import { readDecimal, rejectReason } from '../src/views/inventory-panel.js';

afterEach(() => setLanguage('fr'));

describe('inventory texts', () => {
  it('says why a row is refused in French by default and in English, with the values it names', () => {
    const row = { line: 3, column: 'lng', code: 'invalid' as const, reason: "'7,42O6' is not a decimal number", reasonCode: 'not_decimal' as const, reasonParams: { value: '7,42O6' } };
    expect(rejectReason(row)).toBe('« 7,42O6 » n’est pas un nombre décimal (écrivez 7,4167 ou 7.4167).');
    expect(rejectReason({ line: 4, code: 'duplicate', reason: 'x', reasonCode: 'duplicate_id', reasonParams: { id: 'B1', line: 2 } })).toBe('L’identifiant B1 figure déjà plus haut (ligne 2).');
    expect(rejectReason({ index: 1, code: 'invalid', reason: 'x', reasonCode: 'too_big', reasonParams: { max: 100000 } })).toBe('Au plus 100\u202f000.');
    setLanguage('en');
    expect(rejectReason(row)).toBe('“7,42O6” is not a decimal number (write 7.4167 or 7,4167).');
    expect(rejectReason({ index: 2, code: 'duplicate', reason: 'x', reasonCode: 'duplicate_id', reasonParams: { id: 'B1', index: 0 } })).toBe('The id B1 is already higher up (feature 0).');
  });

  it('has a text for every reason the server gives, and falls back to its words without one', () => {
    for (const code of IMPORT_REASON_CODES) expect(t(`inventory.import.reasons.${code}`, { defaultValue: '' }), code).not.toBe('');
    expect(rejectReason({ code: 'invalid', reason: 'plain words' })).toBe('plain words');
  });

  it('reads numbers typed with a decimal comma or point, and nothing else', () => {
    expect(readDecimal('7,4246')).toBe(7.4246);
    expect(readDecimal(' 43.7384 ')).toBe(43.7384);
    expect(readDecimal('7 000')).toBe(7000);
    expect(readDecimal('1e3')).toBeNaN();
    expect(readDecimal('7,42O6')).toBeNaN();
    expect(readDecimal('1.234,5')).toBeNaN();
  });
});
