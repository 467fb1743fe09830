import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliContext } from './context.js';
import { buildProgram } from './program.js';

const page = fileURLToPath(new URL('../../../docs/man/jailctl.8', import.meta.url));

describe('docs/man/jailctl.8', () => {
  it('passes mandoc -T lint at warning level', () => {
    // mandoc exits non-zero on any warning or error and prints it
    expect(() =>
      execFileSync('mandoc', ['-T', 'lint', '-W', 'warning', page], { encoding: 'utf8' }),
    ).not.toThrow();
  });

  it('documents every command and every option the program defines', () => {
    const text = readFileSync(page, 'utf8');
    const program = buildProgram(new CliContext({ stdout: process.stdout, stderr: process.stderr, env: {} }));
    const missing: string[] = [];
    for (const command of program.commands) {
      if (command.name() === 'help') continue;
      if (!text.includes(`.Cm ${command.name()}`)) missing.push(command.name());
      for (const option of command.options) {
        const flag = option.short ?? option.long!;
        const mdoc = flag.startsWith('--') ? `Fl \\-${flag.slice(2)}` : `Fl ${flag.slice(1)}`;
        if (flag !== '--help' && !text.includes(mdoc)) missing.push(`${command.name()} ${flag}`);
      }
    }
    for (const option of program.options) {
      if (option.long !== '--help' && !text.includes(`Fl \\-${option.long!.slice(2)}`))
        missing.push(option.long!);
    }
    expect(missing).toEqual([]);
  });
});
