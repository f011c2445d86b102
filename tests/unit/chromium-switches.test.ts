import { describe, expect, it } from 'vitest';
import { chromiumArgs, droppedFeatures } from '../helpers/chromium.ts';

describe('the switches the tests start Chromium with', () => {
  it('finds the features an earlier --disable-features names and the last one drops', () => {
    const commandLine = ['--disable-features=A,B,C', '--headless', '--disable-features=B,D'];
    expect(droppedFeatures(commandLine)).toEqual(['A', 'C']);
    expect(droppedFeatures(['--disable-features=A,B', '--disable-features=B,A,C'])).toEqual([]);
  });

  it('switch features off once, Playwright’s with the address bar’s popups', () => {
    const lists = chromiumArgs.filter((arg) => arg.startsWith('--disable-features='));
    expect(lists).toHaveLength(1);
    expect(lists[0]?.split(',')).toEqual(
      expect.arrayContaining(['PaintHolding', 'HttpsUpgrades', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']),
    );
  });
});
