import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  defaultSize,
  loadWindowState,
  saveWindowState,
} from '../../electron/main/window-state.ts';
import { tempDir } from '../helpers/temp.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
const secondScreen = { x: 1920, y: 0, width: 2560, height: 1400 };
const dir = tempDir('mednum-window-');

describe('the remembered window', () => {
  it('comes back where it was, on the screen it was on', () => {
    const file = path.join(dir, 'fenetre.json');
    saveWindowState(file, { x: 2100, y: 100, width: 1400, height: 900, maximized: false });
    expect(loadWindowState(file, [laptop, secondScreen])).toEqual({
      x: 2100,
      y: 100,
      width: 1400,
      height: 900,
      maximized: false,
    });
  });

  it('was on a screen since unplugged: centred on the primary one, size kept when it fits', () => {
    expect(clampToDisplays({ x: 2100, y: 100, width: 1400, height: 900 }, [laptop])).toEqual({
      x: 260,
      y: 70,
      width: 1400,
      height: 900,
    });
  });

  it('larger than the screen: shrunk to it; half off the edge: pulled back inside', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 3000, height: 2000 }, [laptop])).toEqual(laptop);
    expect(clampToDisplays({ x: 1500, y: 400, width: 1280, height: 820 }, [laptop])).toEqual({
      x: 640,
      y: 220,
      width: 1280,
      height: 820,
    });
    // Its title bar above the screen, out of reach: centred instead.
    expect(clampToDisplays({ x: 100, y: -200, width: 1280, height: 820 }, [laptop])).toEqual({
      x: 320,
      y: 110,
      width: 1280,
      height: 820,
    });
  });

  it('never smaller than the minimum the layout needs (unless the screen is)', () => {
    expect(clampToDisplays({ x: 10, y: 10, width: 200, height: 100 }, [laptop])).toMatchObject({
      width: 900,
      height: 600,
    });
    const tiny = { x: 0, y: 0, width: 800, height: 560 };
    expect(clampToDisplays({ x: 0, y: 0, width: 1280, height: 820 }, [tiny])).toEqual(tiny);
  });

  it('first start or a damaged file: the default size, centred', () => {
    const damaged = path.join(dir, 'abime.json');
    fs.writeFileSync(damaged, '{"x":');
    for (const file of [path.join(dir, 'absent.json'), damaged])
      expect(loadWindowState(file, [laptop])).toEqual({
        x: (1920 - defaultSize.width) / 2,
        y: (1040 - defaultSize.height) / 2,
        ...defaultSize,
        maximized: false,
      });
  });

  it('keeps "maximized"', () => {
    const file = path.join(dir, 'max.json');
    saveWindowState(file, { x: 0, y: 0, width: 1280, height: 820, maximized: true });
    expect(loadWindowState(file, [laptop]).maximized).toBe(true);
  });
});
