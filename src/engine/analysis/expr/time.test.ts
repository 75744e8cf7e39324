// now(), date() and duration() as expr-lang offers them, and the type check expr-lang makes when
// it compiles a condition (a typed helper compared with a value of another type is an error).
import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateExpression, ExprError, parseExpression } from './index.js';

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);

describe('now(), date(), duration()', () => {
  it.each([
    { condition: 'now() - date(result.lastSeen) < duration("5m")', result: { lastSeen: '2026-11-21T09:57:00Z' }, expected: true },
    { condition: 'now() - date(result.lastSeen) < duration("5m")', result: { lastSeen: '2026-11-21T09:50:00Z' }, expected: false },
    { condition: 'date(result.at) > date("2026-11-21")', result: { at: '2026-11-21T00:00:01Z' }, expected: true },
    { condition: 'date(result) == date("2026-11-21T11:00:00+01:00")', result: '2026-11-21T10:00:00Z', expected: true },
    { condition: 'date(result) + duration("1h30m") > now()', result: '2026-11-21 09:00:00', expected: true },
    { condition: 'duration(result) >= duration("1m") && duration(result) <= duration("90s")', result: '1m30s', expected: true },
    { condition: 'duration("1.5h") == duration("90m")', result: null, expected: true },
    { condition: 'now() - duration("1h") < now()', result: null, expected: true },
  ])('$condition with $result -> $expected', ({ condition, result, expected }) => {
    expect(evaluateCondition(condition, result, { now: NOW })).toBe(expected);
  });

  it.each([
    ['string(duration("1h30m"))', '1h30m0s'],
    ['string(duration("300ms"))', '300ms'],
    ['string(now() - date("2026-11-21T09:59:58.5Z"))', '1.5s'],
    ['string(date("2026-11-21T10:00:00Z"))', '2026-11-21 10:00:00 +0000 UTC'],
    ['type(now())', 'time.Time'],
    ['type(duration("1s"))', 'time.Duration'],
  ])('%s is %j', (expression, expected) => {
    expect(evaluateExpression(expression, {}, { now: NOW })).toBe(expected);
  });

  it.each([
    ['duration("5")', 'time: missing unit in duration "5"'],
    ['duration("five minutes")', 'time: invalid duration "five minutes"'],
    ['date("yesterday")', 'date(): cannot parse "yesterday" as a time'],
    ['now()', 'now() needs the time of the measurement'],
  ])('%s is an error naming the problem', (expression, reason) => {
    expect(() => evaluateExpression(expression, {})).toThrow(reason);
  });

  it('a time compared at run time with a number is an error, not false', () => {
    expect(() => evaluateCondition('date(result) > result2', '2026-11-21', { now: NOW })).toThrow(ExprError);
    expect(() => evaluateExpression('date(result.at) < result.n', { result: { at: '2026-11-21', n: 5 } }, { now: NOW })).toThrow('invalid operation: time < number');
  });
});

describe('comparing a typed helper with another type', () => {
  it.each([
    ['asFloat(result) == "1.1"', 'invalid operation: == (mismatched types float64 and string) at line 1, column 17'],
    ['asInt(result) != "1"', 'invalid operation: != (mismatched types int and string)'],
    ['len(result) > "3"', 'invalid operation: > (mismatched types int and string)'],
    ['now() > 5', 'invalid operation: > (mismatched types time.Time and int)'],
    ['duration("5m") < 300', 'invalid operation: < (mismatched types time.Duration and int)'],
    ['isNaN(result) == 1', 'invalid operation: == (mismatched types bool and int)'],
  ])('%s is an error before any result is read', (condition, message) => {
    expect(() => parseExpression(condition)).toThrow(message);
    expect(() => evaluateCondition(condition, 1.1, { now: NOW })).toThrow(message);
  });

  it.each([
    ['result == "1.1"', '1.1', true],
    ['asFloat(result) == 1.1', '1.1', true],
    ['asFloat(result) == 1', '1', true],
    ['asInt(result) < 2.5', '2', true],
    ['asFloat(result) == nil', '1', false],
    ['string(asFloat(result)) == "1.1"', '1.1', true],
  ] as const)('%s is fine (%j)', (condition, result, expected) => {
    expect(evaluateCondition(condition, result)).toBe(expected);
  });

  it('the error carries the position of the operator, for kanary lint', () => {
    try {
      parseExpression('len(result) > 0 && asFloat(result[0]) == "0.5"');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExprError);
      expect((e as ExprError).position).toMatchObject({ line: 1, column: 39 });
    }
  });
});
