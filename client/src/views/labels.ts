/**
 * Words for the codes the API sends (roles, permissions, waste streams, plan statuses, reasons a
 * bin is left out, audit actions), in the current language. A code the texts do not know yet (a
 * newer server) is shown as it is rather than as a translation key.
 */
import type { PlanDto, Role, TokenScope } from '../../../server/contract/index.js';
import { t } from '../i18n/index.js';

/** `manager` → `Gestionnaire`. */
export function roleLabel(role: Role): string {
  return t(`roles.${role}`);
}

/** `readings:write` → `Envoyer des relevés de remplissage`. */
export function scopeLabel(scope: TokenScope): string {
  return t(`scopes.${scope}`);
}

/** `residual` → `Ordures ménagères`. */
export function streamLabel(stream: string): string {
  return t(`streams.${stream}` as 'streams.residual', { defaultValue: stream });
}

/** `running` → `calcul en cours`. */
export function planStatusLabel(status: PlanDto['status']): string {
  return t(`planStatus.${status}`);
}

/** `capacity` → `Trop plein pour les camions disponibles`. */
export function unassignedReasonLabel(reason: string): string {
  return t(`unassignedReasons.${reason}` as 'unassignedReasons.capacity', { defaultValue: t(`closures.reasons.${reason}` as 'closures.reasons.closed_street', { defaultValue: reason }) });
}

/** `member.add` → `Ajout d'un membre` (the key replaces the dots: `member_add`). */
export function auditActionLabel(action: string): string {
  return t(`admin.audit.actions.${action.replace(/\./g, '_')}` as 'admin.audit.actions.login', { defaultValue: action });
}
