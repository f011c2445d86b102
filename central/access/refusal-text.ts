import { formatDateFr } from '../../shared/domain/dates.ts';
import { addDays, type IneligibleReason } from '../../shared/domain/eligibility.ts';
import type { PatronAccess } from './patron-eligibility.ts';

/**
 * The shared rule's reasons said to the patron themself, in plain words (the desktop says them of the
 * patron to staff: shared/domain/eligibility.ts `reasonText`). Same reasons, same facts.
 */
export function reasonForPatron(reason: IneligibleReason, access: PatronAccess, graceDays: number): string {
  const { facts } = access;
  switch (reason) {
    case 'not_in_registry':
      return 'Votre carte n’est pas (ou plus) dans le fichier de votre bibliothèque.';
    case 'unregistered':
      return 'Votre bibliothèque ne vous compte plus parmi ses inscrits.';
    case 'expired': {
      const end = facts.patron?.expiresOn;
      if (!end) return 'Votre abonnement a pris fin.';
      return graceDays > 0
        ? `Votre abonnement a pris fin le ${formatDateFr(end)} (l’accès reste ouvert ${graceDays} jours de plus, jusqu’au ${formatDateFr(addDays(end, graceDays))}).`
        : `Votre abonnement a pris fin le ${formatDateFr(end)}.`;
    }
    case 'library_unknown':
      return 'Votre bibliothèque n’est plus connue du service.';
    case 'library_not_member':
      return `${facts.library?.name ?? 'Votre bibliothèque'} ne participe pas (ou pas encore) à la médiathèque numérique.`;
    case 'no_epci':
      return 'La commune de votre bibliothèque n’appartient à aucune communauté de communes participante.';
    case 'epci_suspended':
      return `Le service est ${facts.status === 'left' ? 'arrêté' : 'suspendu'} pour ${facts.epci?.name ?? 'votre communauté de communes'}.`;
    case 'no_convention':
      return `${facts.epci?.name ?? 'Votre communauté de communes'} n’a pas de convention en cours avec le Département pour la médiathèque numérique.`;
  }
}
