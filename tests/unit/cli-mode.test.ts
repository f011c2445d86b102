import { describe, expect, it } from 'vitest';
import { argvForCli, cliArguments } from '../../electron/main/cli-mode.ts';

describe('mednum-admin --cli', () => {
  it('the packaged app (exe then arguments) and `electron .` both find the CLI’s arguments', () => {
    expect(
      cliArguments(['C:\\Program Files\\mednum-admin.exe', '--cli', 'import', 'watch', 'D:\\depot']),
    ).toEqual(['import', 'watch', 'D:\\depot']);
    expect(cliArguments(['/usr/bin/electron', '.', '--cli', 'backup', 'list', '--json'])).toEqual([
      'backup',
      'list',
      '--json',
    ]);
    expect(cliArguments(['mednum-admin.exe', '--cli'])).toEqual([]);
  });

  it('without --cli the desktop app starts', () => {
    expect(cliArguments(['mednum-admin.exe'])).toBeNull();
    expect(cliArguments(['/usr/bin/electron', '.', '--no-sandbox'])).toBeNull();
  });

  it('hands the CLI module an argv whose slice(2) is exactly the arguments', () => {
    expect(argvForCli('/opt/mednum-admin', ['import', 'list']).slice(2)).toEqual(['import', 'list']);
  });
});
