import fs from 'node:fs';
import { writeFileAtomic } from '../services/atomic-write.ts';

/**
 * The main window's size and position, remembered in a small JSON file in the user-data folder and
 * clamped to the screens that exist now: a window last seen on a second monitor that has since been
 * unplugged comes back on a visible one. Pure except for the file read and write, so tests run it
 * without Electron.
 */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Bounds {
  maximized: boolean;
}

export const defaultSize = { width: 1280, height: 820 };
export const minimumSize = { width: 900, height: 600 };
/** How much of the title bar must be on a screen for the window to count as visible there. */
const grip = 80;

function isBounds(value: unknown): value is WindowState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    ['x', 'y', 'width', 'height'].every((k) => Number.isFinite(v[k])) && typeof v.maximized === 'boolean'
  );
}

function overlap(a: Bounds, b: Bounds): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Fits `wanted` to the screens' work areas: no larger than the screen it is most on, and with its title
 * bar reachable there; otherwise centred on the first (primary) screen.
 */
export function clampToDisplays(wanted: Bounds, workAreas: readonly Bounds[]): Bounds {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...defaultSize };
  const titleBar = { x: wanted.x, y: wanted.y, width: wanted.width, height: 32 };
  const host = workAreas
    .map((area) => ({ area, shared: overlap(titleBar, area) }))
    .filter(({ shared }) => shared.width >= Math.min(grip, wanted.width) && shared.height > 0)
    .sort((a, b) => b.shared.width - a.shared.width)[0]?.area;
  const area = host ?? primary;
  const width = Math.max(Math.min(wanted.width, area.width), Math.min(minimumSize.width, area.width));
  const height = Math.max(Math.min(wanted.height, area.height), Math.min(minimumSize.height, area.height));
  if (!host)
    return {
      x: Math.round(area.x + (area.width - width) / 2),
      y: Math.round(area.y + (area.height - height) / 2),
      width,
      height,
    };
  return {
    x: Math.min(Math.max(wanted.x, area.x), area.x + area.width - width),
    y: Math.min(Math.max(wanted.y, area.y), area.y + area.height - height),
    width,
    height,
  };
}

/** The state to open with: the remembered one fitted to today's screens, or the default size centred. */
export function loadWindowState(file: string, workAreas: readonly Bounds[]): WindowState {
  let saved: unknown = null;
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    // First start, or a damaged file: the default.
  }
  const primary = workAreas[0] ?? { x: 0, y: 0, width: 1920, height: 1080 };
  const wanted = isBounds(saved) ? saved : { x: Number.NaN, y: Number.NaN, ...defaultSize, maximized: false };
  return {
    ...clampToDisplays(
      Number.isFinite(wanted.x) ? wanted : { ...wanted, x: -1e6, y: -1e6 },
      workAreas.length ? workAreas : [primary],
    ),
    maximized: wanted.maximized,
  };
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    writeFileAtomic(file, JSON.stringify(state));
  } catch {
    // Not worth bothering anyone: the next start uses the default size.
  }
}
