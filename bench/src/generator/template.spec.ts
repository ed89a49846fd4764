import { describe, expect, it } from 'vitest';
import { parseTemplate, splitField } from './template.js';

describe('parseTemplate', () => {
  it('finds plain, bracketed and parenthesised fields', () => {
    expect(
      parseTemplate('x=%proc.aname[2] y=%(user.name) z=%jevt.value[/requestObject/spec]'),
    ).toEqual([
      { text: 'x=' },
      { field: 'proc.aname[2]' },
      { text: ' y=' },
      { field: 'user.name' },
      { text: ' z=' },
      { field: 'jevt.value[/requestObject/spec]' },
    ]);
  });

  it('does not take sentence punctuation or lone percent signs for fields', () => {
    expect(parseTemplate('(user=%user.name.) 100% sure')).toEqual([
      { text: '(user=' },
      { field: 'user.name' },
      { text: '.) 100% sure' },
    ]);
  });

  it('splits a field argument', () => {
    expect(splitField('okta.mfa.failure.countlast[300]')).toEqual({
      name: 'okta.mfa.failure.countlast',
      arg: '300',
    });
    expect(splitField('proc.name')).toEqual({ name: 'proc.name', arg: undefined });
  });
});
