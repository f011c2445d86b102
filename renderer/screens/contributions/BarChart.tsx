import { BarChart as MantineBarChart } from '@mantine/charts';
import { Button, Group, Text } from '@mantine/core';
import { useRef } from 'react';
import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';
import { chartPng } from '../../components/chart-image.ts';
import { saveBytes } from '../../components/download.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAction } from '../../components/useAction.ts';
import { fileNameOf } from './scenarios.ts';
import './BarChart.css';

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartGroup {
  label: string;
  /** One value per series, in cents (or the chart's unit); null when the series has no line for this group. */
  values: (number | null)[];
  /** With a single series, this group's own colour (e.g. one per scenario). */
  color?: string;
}

const euros = (cents: number) => formatEurosFr(formatEuros(cents));
/** Axis ticks in whole euros, grouped the French way. */
const axisEuros = (cents: number) => formatEurosFr(String(Math.round(cents / 100)));

/** How a chart writes its values: euros from cents by default, or another unit (inhabitants). */
export interface ChartUnit {
  value: (n: number) => string;
  axis: (n: number) => string;
}
const eurosUnit: ChartUnit = { value: euros, axis: axisEuros };

const barHeight = 18;
const barGap = 4;
const groupGap = 14;
const axisHeight = 30;
const legendHeight = 44;
const labelWidth = 230;
/** Room right of the longest bar for its amount (« 123 456,78 € »). */
const valueWidth = 100;
/** About two lines of the label column; a longer name is cut, the tooltip gives it whole. */
const longestLabel = 64;

const shortLabel = (label: string) =>
  label.length > longestLabel ? `${label.slice(0, longestLabel - 1)}…` : label;

/**
 * Horizontal bars (Mantine Charts on recharts), one group per label and one bar per series: reads well with
 * long EPCI names. Each bar carries its amount; the tooltip gives the group's amounts in full. The chart is
 * one image for screen readers (named by its title): the tables beside it hold the same figures.
 */
export function BarChart({
  title,
  groups,
  series,
  unit = eurosUnit,
}: {
  title: string;
  groups: ChartGroup[];
  series: ChartSeries[];
  unit?: ChartUnit;
}) {
  const chart = useRef<HTMLDivElement>(null);
  const save = useAction();
  // Series by position, not by label: recharts reads a dotted key ("v1.2") as a path into the row.
  const key = (index: number) => `s${index}`;
  const data = groups.map((group) => ({
    label: group.label,
    ...Object.fromEntries(series.map((_, i) => [key(i), group.values[i] ?? null])),
    // Mantine colours each bar of a row with the row's `color`: only meant for a single series.
    ...(series.length === 1 && group.color ? { color: group.color } : {}),
  }));
  const withLegend = series.length > 1;
  const height =
    groups.length * (series.length * (barHeight + barGap) + groupGap) +
    axisHeight +
    (withLegend ? legendHeight : 0);
  // A series without a line for this group: a dash, as in the tables.
  const value = (n: number | null | undefined) => (n === null || n === undefined ? '—' : unit.value(n));
  // recharts wraps a bar's label at its spaces when it nears the plot's edge: « 1 195,80 » over « € ».
  const barLabel = (n: number | null | undefined) => value(n).replaceAll(' ', '\u00a0');

  async function saveImage() {
    const root = chart.current;
    const svg = root?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!root || !svg) return;
    // Mantine's legend, in the order of the series: where each swatch and name shows, drawn there.
    const names = [...root.querySelectorAll('.recharts-legend-wrapper p')];
    const legend = series.flatMap((s, i) => {
      const name = names[i];
      const swatch = name?.previousElementSibling;
      return name && swatch
        ? [{ ...s, swatch: swatch.getBoundingClientRect(), name: name.getBoundingClientRect() }]
        : [];
    });
    const png = await chartPng({ title, svg, legend });
    await saveBytes(fileNameOf(title, 'png'), png);
  }

  return (
    <figure className="bar-chart" aria-label={title} style={{ margin: 0 }}>
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Button
          className="bar-chart-save"
          variant="subtle"
          size="compact-sm"
          aria-label={`Enregistrer l’image : ${title}`}
          loading={save.busy}
          onClick={() => save.run(saveImage)}
        >
          Enregistrer l’image
        </Button>
      </Group>
      <ErrorAlert error={save.error} title="Image non enregistrée" />
      <MantineBarChart
        ref={chart}
        role="img"
        aria-label={title}
        h={height}
        data={data}
        dataKey="label"
        orientation="vertical"
        series={series.map((s, i) => ({ name: key(i), label: s.label, color: s.color }))}
        withLegend={withLegend}
        legendProps={{ height: legendHeight }}
        withBarValueLabel
        valueLabelProps={{ formatter: barLabel }}
        valueFormatter={value}
        textColor="dimmed"
        gridAxis="y"
        maxBarWidth={barHeight}
        barChartProps={{
          barGap,
          // recharts leaves this gap on both sides of each group.
          barCategoryGap: groupGap / 2,
          margin: { top: 0, right: valueWidth, bottom: 0, left: 0 },
        }}
        xAxisProps={{ tickFormatter: unit.axis, height: axisHeight }}
        // Every group named (recharts would skip some when crowded), wrapped within the label column: the
        // tick is drawn left of the bars (its offset and mark), the column's full width would overflow it.
        yAxisProps={{
          width: labelWidth,
          interval: 0,
          tickFormatter: shortLabel,
          tick: {
            transform: 'translate(-10, 0)',
            fontSize: 12,
            fill: 'currentColor',
            width: labelWidth - 24,
          },
        }}
        tooltipProps={{ wrapperStyle: { zIndex: 1 } }}
      />
    </figure>
  );
}

/** Series colours, the current situation first (grey), then the scenarios. */
export const seriesColors = ['#868e96', '#1c7ed6', '#e8590c', '#2f9e44'];
