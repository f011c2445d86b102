import { Group, Text } from '@mantine/core';
import { formatEuros, formatEurosFr } from '../../../shared/domain/money.ts';

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

/** A round step for about four gridlines. */
function niceStep(max: number): number {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = [1, 2, 2.5, 5, 10].find((m) => m * power >= rough) ?? 10;
  return unit * power;
}

/**
 * Horizontal bars in plain SVG, one group per label and one bar per series: reads well with long EPCI
 * names and prints as it shows. Each bar carries its amount, and a <title> for screen readers.
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
  const labelWidth = 230;
  const valueWidth = 110;
  const plotWidth = 520;
  const barHeight = 18;
  const gap = 4;
  const groupGap = 14;
  const top = 8;
  const axisHeight = 22;
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const step = niceStep(max);
  const scaleMax = Math.ceil(max / step) * step;
  const x = (cents: number) => (cents / scaleMax) * plotWidth;
  const groupHeight = series.length * (barHeight + gap) - gap;
  const height = top + groups.length * (groupHeight + groupGap) + axisHeight;
  const width = labelWidth + plotWidth + valueWidth;
  const ticks: number[] = [];
  for (let t = 0; t <= scaleMax + 1e-9; t += step) ticks.push(t);

  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <Text fw={600} size="sm" mb={4}>
        {title}
      </Text>
      {series.length > 1 && (
        <Group gap="md" mb={6}>
          {series.map((s) => (
            <Group key={s.label} gap={6}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" rx="2" fill={s.color} />
              </svg>
              <Text size="xs">{s.label}</Text>
            </Group>
          ))}
        </Group>
      )}
      <svg
        role="img"
        aria-label={title}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: width, fontFamily: 'inherit' }}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={labelWidth + x(t)}
              x2={labelWidth + x(t)}
              y1={top - 4}
              y2={height - axisHeight}
              stroke="#dee2e6"
            />
            <text
              x={labelWidth + x(t)}
              y={height - 6}
              fontSize="11"
              fill="#868e96"
              textAnchor={t === 0 ? 'start' : 'middle'}
            >
              {unit.axis(t)}
            </text>
          </g>
        ))}
        {groups.map((group, gi) => {
          const y0 = top + gi * (groupHeight + groupGap);
          return (
            <g key={group.label}>
              <text
                x={labelWidth - 10}
                y={y0 + groupHeight / 2 + 4}
                fontSize="12"
                textAnchor="end"
                fill="#212529"
              >
                {group.label.length > 34 ? `${group.label.slice(0, 33)}…` : group.label}
              </text>
              {group.values.map((value, si) => {
                const s = series[si];
                if (!s) return null;
                const y = y0 + si * (barHeight + gap);
                if (value === null) {
                  return (
                    <text key={s.label} x={labelWidth + 4} y={y + barHeight - 5} fontSize="11" fill="#868e96">
                      —
                    </text>
                  );
                }
                const w = Math.max(1, x(value));
                return (
                  <g key={s.label}>
                    <rect
                      x={labelWidth}
                      y={y}
                      width={w}
                      height={barHeight}
                      rx="2"
                      fill={group.color ?? s.color}
                    >
                      <title>{`${group.label} — ${s.label} : ${unit.value(value)}`}</title>
                    </rect>
                    <text x={labelWidth + w + 6} y={y + barHeight - 5} fontSize="11" fill="#212529">
                      {unit.value(value)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth} y1={top - 4} y2={height - axisHeight} stroke="#868e96" />
      </svg>
    </figure>
  );
}

/** Series colours, the current situation first (grey), then the scenarios. */
export const seriesColors = ['#868e96', '#1c7ed6', '#e8590c', '#2f9e44'];
