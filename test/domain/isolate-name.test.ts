import { describe, expect, it } from 'vitest';
import { isolateName } from '../../src/domain/isolate-name';

const FSI = '\u2068';
const PDI = '\u2069';
const RLO = '\u202E';
const RLI = '\u2067';

describe('isolateName', () => {
  it.each([
    { name: 'a plain name', given: 'Acme', isolated: `${FSI}Acme${PDI}` },
    { name: 'an unclosed right-to-left override', given: `Acme ${RLO}exe.txt`, isolated: `${FSI}Acme ${RLO}exe.txt${PDI}` },
    { name: 'an unclosed right-to-left isolate, which would take the closing PDI', given: `${RLI}Acme`, isolated: `${FSI}${RLI}Acme${PDI}${PDI}` },
    { name: 'a PDI with no opener, which would close the isolate early', given: `Acme${PDI}${RLO}x`, isolated: `${FSI}${FSI}Acme${PDI}${RLO}x${PDI}` },
    { name: 'isolates of its own that close', given: `${RLI}Acme${PDI}`, isolated: `${FSI}${RLI}Acme${PDI}${PDI}` },
  ])('keeps $name inside its isolate', ({ given, isolated }) => {
    expect(isolateName(given)).toBe(isolated);
  });
});
