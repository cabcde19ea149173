import { describe, expect, it } from 'vitest';
import { simpleArgv } from './simple-command.js';

describe('simple commands', () => {
  it('splits plain words into argv', () => {
    expect(simpleArgv('true')).toEqual(['true']);
    expect(simpleArgv('  make  test -j2 ')).toEqual(['make', 'test', '-j2']);
    expect(simpleArgv('./scripts/build.sh --out=dist/x.js')).toEqual(['./scripts/build.sh', '--out=dist/x.js']);
  });

  it('leaves anything with shell syntax to the shell', () => {
    for (const command of ['echo $HOME', 'a | b', 'a && b', 'a; b', 'echo "x y"', "echo 'x'", 'ls *.ts', 'a > f', 'FOO=1 cmd', 'cd ~', 'echo `id`', 'a\nb', '(a)', '']) {
      expect(simpleArgv(command), command).toBeUndefined();
    }
  });

});
