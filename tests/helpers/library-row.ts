/**
 * A library row as the synced `library` table holds it, for tests and benchmarks that write one straight
 * into a store or a push: a mediatheque, participating, no contact; `fields` gives what tells it apart.
 */
export function libraryRow<T extends { code: string; name: string; commune_insee: string }>(fields: T) {
  return {
    kind: 'mediatheque',
    ils: 'koha',
    contact_name: '',
    contact_email: '',
    contact_phone: '',
    participating: 1,
    participating_since: null,
    ...fields,
  };
}
