/**
 * Patrons asked for at a time as the Lecteurs list scrolls: more than a screen holds (about 30 rows of
 * 38 px), so one answer fills the view, and a search reads and sends only those rows, not four screens'.
 */
export const patronPageSize = 50;
