import type { IneligibleReason } from './eligibility.ts';

/**
 * Each reason as a heading over a count of patrons (« Abonnement terminé : 12 »), in the words library staff
 * use; the sentence about one patron is the rule's own (`reasonText`).
 */
export const ineligibleReasonLabels: Record<IneligibleReason, string> = {
  not_in_registry: 'absent du registre',
  unregistered: 'retiré du fichier de sa bibliothèque',
  expired: 'abonnement terminé (délai de grâce passé)',
  library_unknown: 'bibliothèque disparue du registre',
  library_not_member: 'bibliothèque qui ne participe pas',
  no_epci: 'commune de la bibliothèque hors de tout EPCI connu',
  epci_suspended: 'service suspendu ou arrêté pour l’EPCI',
  no_convention: 'pas de convention en vigueur pour l’EPCI',
};
