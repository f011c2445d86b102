import type { ReactNode } from 'react';
import type { UsageIndicators } from '../../../shared/domain/usage/indicators.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { decimalEurosFr, eurosFr, integerFr } from './format.ts';
import { Missing } from './Missing.tsx';

type Platform = UsageIndicators['platforms'][number];

/** Why a platform's figure is missing, in staff's words. */
function reasons(data: UsageIndicators) {
  const noActivity =
    data.activityFetchedAt === null
      ? 'chiffres de connexion pas encore reçus'
      : 'aucune connexion comptée pour cette plateforme';
  return {
    uses: 'aucun rapport d’usage importé',
    cost: 'aucune ligne de coût à ce nom',
    active: noActivity,
    perUse: (p: Platform) =>
      p.costCents === null ? 'aucune ligne de coût à ce nom' : 'aucune utilisation déclarée',
    perActive: (p: Platform) => (p.costCents === null ? 'aucune ligne de coût à ce nom' : noActivity),
  };
}

/** One row per platform: its uses set against its cost and its active patrons. */
export function PlatformTable({ data }: { data: UsageIndicators }) {
  const why = reasons(data);
  const cell = (value: number | string | null, shown: (v: never) => ReactNode, missing: string) =>
    value === null ? (
      <Missing why={missing} />
    ) : (
      // « 12 000,00 € » kept on one line.
      <span style={{ whiteSpace: 'nowrap' }}>{shown(value as never)}</span>
    );
  const columns: Column<Platform>[] = [
    { key: 'platform', label: 'Plateforme', value: (p) => p.platform },
    {
      key: 'requests',
      label: 'Utilisations',
      value: (p) => p.requests ?? -1,
      render: (p) => cell(p.requests, integerFr, why.uses),
    },
    {
      key: 'cost',
      label: 'Coût',
      value: (p) => p.costCents ?? -1,
      render: (p) => cell(p.costCents, eurosFr, why.cost),
    },
    {
      key: 'perUse',
      label: 'Coût par utilisation',
      value: (p) => Number(p.costPerUse ?? -1),
      render: (p) => cell(p.costPerUse, decimalEurosFr, why.perUse(p)),
    },
    {
      key: 'active',
      label: 'Lecteurs actifs',
      value: (p) => p.activePatrons ?? -1,
      render: (p) => cell(p.activePatrons, integerFr, why.active),
    },
    {
      key: 'perActive',
      label: 'Coût par lecteur actif',
      value: (p) => Number(p.costPerActivePatron ?? -1),
      render: (p) => cell(p.costPerActivePatron, decimalEurosFr, why.perActive(p)),
    },
  ];
  return (
    <DataTable
      caption={`Indicateurs par plateforme, ${data.year}`}
      columns={columns}
      rows={data.platforms}
      rowKey={(p) => p.platform}
      empty={`Aucune plateforme : ni rapport d’usage, ni lecteur actif compté pour ${data.year}.`}
    />
  );
}
