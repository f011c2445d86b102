import {
  bandsFromStored,
  describeBandsFr,
  readStoredBands,
} from '../../../shared/domain/contributions/bands.ts';
import { type OnboardingStatus, onboardingStatusLabels } from '../../../shared/domain/onboarding.ts';
import {
  describeScenarioConventions,
  type ScenarioStatus,
  scenarioStatusLabels,
} from '../../../shared/domain/scenarios.ts';

type Value = string | number | boolean | null;

/** A conflicting value in the words of the screens: a status label, euros for a rate, "oui"/"non". */
export function conflictValueText(field: string, value: Value): string {
  if (value === null || value === '') return '(vide)';
  if (field === 'status' && typeof value === 'string')
    return (
      onboardingStatusLabels[value as OnboardingStatus] ??
      scenarioStatusLabels[value as ScenarioStatus] ??
      value
    );
  // A scenario's conventions (JSON): how many, which EPCI, which rate.
  if (field === 'conventions' && typeof value === 'string') return describeScenarioConventions(value);
  if (field === 'bands' && typeof value === 'string') return storedBandsText(value);
  if (field === 'rate_e4' && typeof value === 'number') return `${euros(value / 10_000, 4)} par habitant`;
  if (field.endsWith('_cents') && typeof value === 'number') return euros(value / 100, 2);
  if (field === 'participating') return value ? 'oui' : 'non';
  return String(value);
}

/** A convention's stored bands (JSON) in words: « 0,30 € jusqu’à 10 000 hab., puis 0,15 € ». */
export function storedBandsText(value: string): string {
  try {
    const bands = readStoredBands(value);
    return bands ? describeBandsFr(bandsFromStored(bands)) : 'un seul taux';
  } catch {
    return value;
  }
}

function euros(amount: number, digits: number): string {
  return `${amount.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: digits })} €`;
}

/** What a person types back for "Modifier": numbers stay numbers, the rest is text. */
export function parseEditedValue(like: Value, typed: string): Value {
  if (typeof like === 'number') {
    const number = Number(typed.replace(/\s/g, '').replace(',', '.'));
    return Number.isFinite(number) ? number : typed;
  }
  return typed;
}
