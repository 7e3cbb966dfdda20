// Form validation core: no DOM, shared by forms.js and the tests.
//
// Mirrors kb/forms/ and kb/content/messages.py line by line, so that the browser and
// `generator.py validate` give the same verdict, the same JSON pointers and the same
// Turkish messages for the same data:
//   - formats "tckn", "telefon", "date", "email"  <-> kb/forms/ is_tckn, is_phone, is_date, is_email
//   - normaliseErrors()                            <-> kb/forms/ data_errors
//   - messageFor(), formatLimit()                  <-> kb/content/messages.py form_message, format_limit
//   - parseStrict()                                <-> kb/commands/validate.py parse_data
// JSON Schema validation itself is @cfworker/json-schema (no eval, no new Function).

import { Validator, format } from './vendor/cfworker-json-schema/index.js';

// ---------------------------------------------------------------- formats
export function isTckn(value) {
  if (typeof value !== 'string') return true;
  if (!/^[1-9][0-9]{10}$/.test(value)) return false;
  const d = Array.from(value, (c) => c.charCodeAt(0) - 48);
  const ten = ((((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10) + 10) % 10;
  if (ten !== d[9]) return false;
  return d.slice(0, 10).reduce((a, b) => a + b, 0) % 10 === d[10];
}

export function isDate(value) {
  if (typeof value !== 'string') return true;
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const day = Number(value.slice(8));
  if (y < 1 || m < 1 || m > 12 || day < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[m - 1];
}

export function isEmail(value) {
  if (typeof value !== 'string') return true;
  return value.length <= 254 && /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(value);
}

export function isPhone(value) {
  if (typeof value !== 'string') return true;
  const digits = value.replace(/[ ()-]/g, '');
  return /^(\+90|0)?[2-9][0-9]{9}$/.test(digits);
}

format.tckn = isTckn;
format.date = isDate;
format.email = isEmail;
format.telefon = isPhone;

// ---------------------------------------------------------------- numbers and dates (Turkish)
function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

// 45000 -> "45.000"; 3577.5 -> "3.577,50" (kb/common/turkish.py format_number)
export function formatNumber(value) {
  if (!Number.isInteger(value)) {
    const [whole, frac] = value.toFixed(2).split('.');
    return group(whole) + ',' + frac;
  }
  return group(String(value));
}

// @component amount-input — parseNumber(raw, integer, amount): the site's one reader of numbers

// what a user types in an amount field -> a number, or the text itself if it is not one
// (the schema then reports it); "45,000" is never read as 45 (amountQuestion says why)
export function parseAmount(text) {
  const r = parseNumber(text, false, true);
  return r.error || r.value === null ? text : r.value;
}

// what the amount reader says about a text it refuses, when that says more than the schema's
// generic "bir tutar olmalı": the question about "45,000" (a comma before exactly three
// digits: 45.000 or 45?) or why "-5" is refused; else ""
export function amountQuestion(text) {
  if (typeof text !== 'string') return '';
  const s = text.trim().replace(/\s+/g, '').replace(/TL$/i, '');
  if (THOUSANDS_COMMA.test(s) || /^[-\u2212]\d/.test(s)) return parseNumber(text, false, true).error || '';
  return '';
}

// why a typed amount cannot be read ("" when it can, or when empty): the totals say it
export function amountProblem(text) {
  if (typeof text !== 'string') return '';
  return parseNumber(text, false, true).error || '';
}

export function showAmount(value) {
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

// "5.6.2026", "05.06.2026", "05/06/2026" -> "2026-06-05"; anything else stays as typed
// (the schema's "date" format then reports it with the catalogue's message)
export function parseDate(text) {
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text.trim());
  if (!m) return text.trim();
  return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

export function showDate(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  return m ? `${m[3]}.${m[2]}.${m[1]}` : String(value);
}

// ---------------------------------------------------------------- messages
function isIndex(seg) {
  return /^[0-9]+$/.test(seg);
}

export function pointerPattern(pointer) {
  return pointer.split('/').map((s) => (isIndex(s) ? '*' : s)).join('/');
}

export function formatLimit(value, kind) {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'number') return String(value);
  const shown = formatNumber(value);
  return kind === 'tutar' ? `${shown} TL` : shown;
}

export function messageFor(catalogue, pointer, keyword, limit) {
  const fields = catalogue.alanlar || {};
  const entry = fields[pointerPattern(pointer)];
  const segments = pointer.split('/').slice(1);
  const key = segments.length ? segments[segments.length - 1] : '';
  const kind = entry ? entry.tur : null;
  let label = entry ? entry.etiket : key || 'Form verisi';
  if (entry && entry.satir) {
    const rows = segments.filter(isIndex).map((s) => Number(s) + 1);
    if (rows.length) label = `${entry.satir}, ${rows[rows.length - 1]}. ${entry.satir_adi || 'satır'}: ${label}`;
  }
  const own = (entry && entry.hatalar) || {};
  const general = catalogue.genel;
  const text = own[keyword] || (kind ? general[`${keyword}:${kind}`] : undefined) || general[keyword] || general['*'];
  return text.split('{etiket}').join(label).split('{sinir}').join(formatLimit(limit, kind))
    .split('{anahtar}').join(key).split('{anahtar_kelime}').join(keyword);
}

export function fileMessage(catalogue, code, values = {}) {
  let text = catalogue.dosya[code];
  for (const [k, v] of Object.entries(values)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

// ---------------------------------------------------------------- validation
const WRAPPERS = new Set(['properties', 'patternProperties', 'items', 'prefixItems', 'additionalItems', 'allOf',
  'anyOf', 'oneOf', 'if', '$ref', '$recursiveRef', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems',
  'contains', 'propertyNames', 'additionalProperties', 'dependencies']);
const LIMITS = new Set(['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems']);

function escapeSegment(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function instancePointer(location) {
  // cfworker writes "#/a/b" with each (pointer-escaped) key passed through encodeURI
  return location.replace(/^#/, '').split('/').map((s) => decodeURIComponent(s)).join('/');
}

function schemaAt(schema, location) {
  let node = schema;
  for (const raw of location.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = node[seg];
  }
  return node;
}

// @cfworker output -> [{pointer, keyword, limit}], the same list as kb/forms/ data_errors
export function normaliseErrors(schema, errors) {
  const found = new Map();
  const put = (pointer, keyword, limit = null) => {
    const k = JSON.stringify([pointer, keyword]);
    if (found.has(k)) {
      const old = found.get(k);
      if (typeof limit === 'number' && typeof old.limit === 'number') {
        old.limit = ['minimum', 'minLength', 'minItems'].includes(keyword) ? Math.max(old.limit, limit) : Math.min(old.limit, limit);
      }
      return;
    }
    found.set(k, { pointer, keyword, limit });
  };
  errors.forEach((e, i) => {
    const pointer = instancePointer(e.instanceLocation);
    if (e.keyword === 'false') {
      const prev = errors[i - 1];
      if (prev && prev.keyword === 'additionalProperties') put(pointer, 'additionalProperties');
      else put(pointer, 'false');
      return;
    }
    if (WRAPPERS.has(e.keyword)) return;
    if (e.keyword === 'required') {
      const m = /required property "(.*)"\.$/s.exec(e.error);
      put(`${pointer}/${escapeSegment(m ? m[1] : '')}`, 'required');
      return;
    }
    if (LIMITS.has(e.keyword)) {
      put(pointer, e.keyword, schemaAt(schema, e.keywordLocation));
      return;
    }
    put(pointer, e.keyword);
  });
  return [...found.values()];
}

export function makeValidator(schema) {
  // a copy: cfworker annotates the schema objects it is given
  return new Validator(JSON.parse(JSON.stringify(schema)), '2020-12', false);
}

// data -> [{pointer, keyword, limit, message}]
export function validateWith(schema, catalogue, data, validator = makeValidator(schema)) {
  const result = validator.validate(data);
  if (result.valid) return [];
  const order = catalogue.sira || [];
  const rank = (k) => (order.indexOf(k) === -1 ? 99 : order.indexOf(k));
  return normaliseErrors(schema, result.errors)
    .map((e) => ({ ...e, message: messageFor(catalogue, e.pointer, e.keyword, e.limit) }))
    .sort((a, b) => (a.pointer === b.pointer ? rank(a.keyword) - rank(b.keyword) : 0));
}

// ---------------------------------------------------------------- reading a file strictly
export class DataError extends Error {
  constructor(code, values = {}) {
    super(code);
    this.code = code;
    this.values = values;
  }
}

function lineCol(text, i) {
  const before = text.slice(0, i).split('\n');
  return `${before.length}. satır, ${before[before.length - 1].length + 1}. sütun`;
}

// JSON.parse keeps the last of two duplicate keys and accepts any depth; the command
// line refuses both, so the browser parses by hand with the same limits.
export function parseStrict(text, maxDepth) {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (why) => {
    throw new DataError('json', { ayrinti: `${lineCol(text, i)}: ${why}` });
  };
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const string = () => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) fail(text.indexOf('"', i + 1) === -1 ? 'kapanmamış tırnak' : 'metin içinde geçersiz karakter');
    i = STRING.lastIndex;
    return JSON.parse(m[0]);
  };
  const value = (depth) => {
    ws();
    if (i >= n) fail('değer bekleniyor');
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth + 1 > maxDepth) throw new DataError('derin', { sinir: maxDepth });
      i++;
      ws();
      if (c === '[') {
        const arr = [];
        if (text[i] === ']') { i++; return arr; }
        for (;;) {
          arr.push(value(depth + 1));
          ws();
          if (text[i] === ',') { i++; continue; }
          if (text[i] === ']') { i++; return arr; }
          fail('virgül bekleniyor');
        }
      }
      const obj = {};
      const seen = new Set();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('çift tırnak içinde bir alan adı bekleniyor');
        const key = string();
        if (seen.has(key)) throw new DataError('yinelenen', { anahtar: key });
        seen.add(key);
        ws();
        if (text[i] !== ':') fail('iki nokta üst üste bekleniyor');
        i++;
        Object.defineProperty(obj, key, { value: value(depth + 1), writable: true, enumerable: true, configurable: true });
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail('virgül bekleniyor');
      }
    }
    if (c === '"') return string();
    for (const name of ['NaN', 'Infinity', '-Infinity']) {
      if (text.startsWith(name, i)) throw new DataError('sayi', { ayrinti: name });
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail('değer bekleniyor');
    i = NUMBER.lastIndex;
    const num = Number(m[0]);
    if (!Number.isFinite(num)) throw new DataError('sayi', { ayrinti: 'çok büyük bir sayı' });
    return num;
  };
  const result = value(0);
  ws();
  if (i < n) fail('JSON bittikten sonra fazladan metin var');
  return result;
}

// bytes of a chosen file -> data, with the checks of kb/commands/validate.py parse_data
export function readData(bytes, catalogue) {
  const limits = catalogue.sinirlar;
  if (bytes.byteLength > limits.bayt) throw new DataError('buyuk', { boyut: bytes.byteLength, sinir: limits.bayt });
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // also drops a byte order mark
  } catch (e) {
    throw new DataError('utf8', { ayrinti: 'geçersiz bayt dizisi' });
  }
  if (!text.trim()) throw new DataError('bos');
  return parseStrict(text, limits.derinlik);
}
