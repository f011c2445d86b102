/** French number formatting shared by the UI and the CLI ("43 924", narrow no-break space as Intl gives it). */
const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integerFormat.format(value);
}
