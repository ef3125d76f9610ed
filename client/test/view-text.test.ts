import { afterEach, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type PlanDto } from '../../server/contract/index.js';
import { apiErrorFromBody, ConflictError, InvalidInputError, TooManyRequestsError, UnauthenticatedError, UnexpectedResponseError } from '../src/api/api-error.js';
import { setLanguage } from '../src/i18n/index.js';
import { capabilitiesOf, landingViewOf, screenOf } from '../src/views/access.js';
import { auditDetailText } from '../src/views/admin-panel.js';
import { describeError } from '../src/views/error-text.js';
import { auditActionLabel, roleLabel, scopeLabel, streamLabel, unassignedReasonLabel } from '../src/views/labels.js';
import { loginErrorText } from '../src/views/login-page.js';
import { passwordErrorText } from '../src/views/password-dialog.js';
import { planNoticeText } from '../src/views/plan-extras.js';
import { importSummary, noticeText } from '../src/views/plan-text.js';

afterEach(() => setLanguage('fr'));

const tooMany = (retryAfter: string | null): ReturnType<typeof apiErrorFromBody> =>
  apiErrorFromBody(429, { error: { code: 'too_many_requests', message: 'too many failed logins: try again in 15 minute(s)' } }, retryAfter);

describe('error texts', () => {
  it('translates an API error by its code, not by the server message', () => {
    const error = new ConflictError('conflict', 409, "'agent' already has a role in this space");
    expect(describeError(error)).toBe('Opération impossible dans l’état actuel (déjà faite ou déjà en cours).');
    setLanguage('en');
    expect(describeError(error)).toBe('Not possible in the current state (already done or already running).');
  });

  it('falls back to the server message for a code the texts do not know', () => {
    const error = new UnexpectedResponseError('unexpected_response', 502, 'HTTP 502 without an error envelope');
    expect(describeError(error)).toBe('Réponse inattendue du serveur.');
    const unknown = Object.assign(new UnexpectedResponseError('unexpected_response', 418, 'I am a teapot'), { code: 'teapot' });
    expect(describeError(unknown)).toBe('I am a teapot');
  });

  it('says the server cannot be reached on a network failure', () => {
    expect(describeError(new UnexpectedResponseError('unexpected_response', 0, 'Network error'))).toBe('Serveur injoignable : vérifiez la connexion réseau.');
  });

  it('gives the wait of a 429 from Retry-After', () => {
    expect(describeError(tooMany('90'))).toBe('Trop de demandes : réessayez dans 2 minutes.');
    expect(describeError(tooMany(null))).toBe('Trop de demandes : réessayez plus tard.');
  });

  it('lists the problems of a 400 with the form’s field names', () => {
    const error = new InvalidInputError('invalid_input', 400, '1 problem', [{ path: 'vehicleId', message: "unknown vehicle 'X' in this space" }]);
    expect(describeError(error, { vehicleId: 'Véhicule' })).toBe("Certaines valeurs sont invalides. Véhicule : unknown vehicle 'X' in this space");
  });

  it('tells a wrong password, too many attempts with the wait, and a refused new password', () => {
    expect(loginErrorText(new UnauthenticatedError('unauthenticated', 401, 'wrong username or password'))).toBe('Identifiant ou mot de passe incorrect.');
    expect(loginErrorText(tooMany('900'))).toBe('Trop de tentatives échouées. Réessayez dans 15 minutes.');
    expect(loginErrorText(tooMany('30'))).toBe('Trop de tentatives échouées. Réessayez dans 30 secondes.');
    expect(tooMany('30')).toBeInstanceOf(TooManyRequestsError);
    setLanguage('en');
    expect(loginErrorText(tooMany('900'))).toBe('Too many failed attempts. Try again in 15 minutes.');
    setLanguage('fr');
    const wrongCurrent = new InvalidInputError('invalid_input', 400, '1 problem', [{ path: 'currentPassword', message: 'is not your current password' }]);
    const same = new InvalidInputError('invalid_input', 400, '1 problem', [{ path: 'newPassword', message: 'must differ from the current password' }]);
    expect(passwordErrorText(wrongCurrent)).toBe('Le mot de passe actuel est incorrect.');
    expect(passwordErrorText(same)).toBe('Le nouveau mot de passe doit être différent de l’actuel.');
  });
});

describe('what each role sees', () => {
  it('gives plan controls to managers and admins, none to analysts, administration to admins only', () => {
    const of = (role: keyof typeof ROLE_PERMISSIONS) => capabilitiesOf(ROLE_PERMISSIONS[role]);
    expect(of('analyst')).toMatchObject({ viewPlans: true, computePlans: false, uploadReadings: false, administer: false });
    expect(of('manager')).toMatchObject({ viewPlans: true, computePlans: true, uploadReadings: true, administer: false });
    expect(of('admin')).toMatchObject({ viewPlans: true, computePlans: true, uploadReadings: true, administer: true, manageMembers: true, manageTokens: true, readAudit: true });
    expect(of('driver')).toMatchObject({ viewPlans: false, computePlans: false, administer: false });
  });

  it('opens the dashboard for readers of plans and the placeholder page for drivers', () => {
    expect(screenOf({ permissions: [...ROLE_PERMISSIONS.analyst] })).toBe('dashboard');
    expect(screenOf({ permissions: [...ROLE_PERMISSIONS.driver] })).toBe('driver');
  });

  it("lands analysts on the analyst's desk and managers and admins on the map, with the desk in reach of all three", () => {
    expect(landingViewOf(ROLE_PERMISSIONS.analyst)).toBe('desk');
    expect(landingViewOf(ROLE_PERMISSIONS.manager)).toBe('map');
    expect(landingViewOf(ROLE_PERMISSIONS.admin)).toBe('map');
    expect(['analyst', 'manager', 'admin', 'driver'].map((r) => capabilitiesOf(ROLE_PERMISSIONS[r as keyof typeof ROLE_PERMISSIONS]).readHistory)).toEqual([true, true, true, false]);
    expect(capabilitiesOf(ROLE_PERMISSIONS.analyst).publishOpenData).toBe(false);
    expect(capabilitiesOf(ROLE_PERMISSIONS.manager).publishOpenData).toBe(true);
  });
});

describe('labels of codes', () => {
  it('translates roles, scopes, streams, reasons and audit actions, and shows an unknown code as it is', () => {
    expect(roleLabel('driver')).toBe('Chauffeur');
    expect(scopeLabel('bins:read')).toBe('Lire les bacs');
    expect(streamLabel('residual')).toBe('Ordures ménagères');
    expect(streamLabel('textile')).toBe('textile');
    expect(unassignedReasonLabel('capacity')).toBe('Trop plein pour les camions disponibles');
    expect(unassignedReasonLabel('new_reason')).toBe('new_reason');
    expect(auditActionLabel('member.add')).toBe('Ajout d’un membre');
    expect(auditActionLabel('something.else')).toBe('something.else');
  });

  it('writes an audit detail in words', () => {
    expect(auditDetailText({ role: 'analyst', vehicleId: null })).toBe('rôle : Analyste · véhicule : —');
    expect(auditDetailText({ scopes: ['readings:write'], prefix: 'clt_abc' })).toBe('droits : Envoyer des relevés de remplissage · début du jeton : clt_abc');
    expect(auditDetailText({ otherSessionsEnded: 2, truncated: false })).toBe('autres sessions fermées : 2 · interrompu : non');
    expect(auditDetailText(null)).toBe('');
  });
});

describe('plan sentences', () => {
  const plan = (over: Partial<PlanDto>): Pick<PlanDto, 'notice' | 'date' | 'summary' | 'routes'> => ({ notice: null, date: '2026-11-28', summary: null, routes: [], ...over });
  const summary = { distanceM: 0, durationS: 0, vehiclesUsed: 0, binsSelected: 0, binsRouted: 0, co2Kg: 0, disposalTrips: 0, breakS: 0, cost: 0, binsOptional: 0 };

  it('translates the notices the server writes for an empty day', () => {
    expect(noticeText(plan({}))).toBeNull();
    expect(noticeText(plan({ notice: 'no bin needs collecting on 2026-11-28: ...', summary }))).toBe('Aucun bac n’est à collecter le samedi 28 novembre 2026 : aucun n’atteint le seuil prévu.');
    expect(noticeText(plan({ notice: 'no route could be made on 2026-11-28', summary: { ...summary, binsSelected: 3 } }))).toBe(
      'Aucune tournée n’a pu être construite le samedi 28 novembre 2026 : voir les bacs non collectés.',
    );
  });

  it('translates a re-plan’s notice from its code, in French and in English', () => {
    const replanned = { noticeCode: 'replanned_unavailable' as const, noticeParams: { at: '10:00', kept: 220, unavailable: 'BOM-03 (11:00)' }, date: '2026-11-28' };
    expect(planNoticeText(replanned)).toBe('Re-planification à partir de 10:00 : 220 arrêt(s) déjà fait(s) conservé(s) ; camion(s) indisponible(s) : BOM-03 (11:00).');
    expect(planNoticeText({ ...replanned, noticeCode: 'replanned', noticeParams: { at: '10:00', kept: 0 } })).toBe('Re-planification à partir de 10:00 : 0 arrêt(s) déjà fait(s) conservé(s).');
    setLanguage('en');
    expect(planNoticeText(replanned)).toBe('Re-plan from 10:00: 220 stop(s) already done kept; truck(s) unavailable: BOM-03 (11:00).');
  });

  it('sums up an import with French plurals', () => {
    expect(importSummary({ inserted: 1, duplicates: 0, rejected: [], conflicts: 0, alerts: 0, truncated: false })).toBe('1 relevé ajouté, 0 doublon ignoré');
    expect(importSummary({ inserted: 12, duplicates: 2, rejected: [{ line: 3, reason: 'x' }], conflicts: 0, alerts: 0, truncated: false })).toBe('12 relevés ajoutés, 2 doublons ignorés, 1 ligne rejetée');
  });
});
