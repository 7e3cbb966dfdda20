/** @fragment The one reader of a number written the Turkish way, for every page
    (components/amount-input/): the calculators (rules.js, through `// @component amount-input`)
    and the forms (forms-core.js parseAmount, the same). parseNumber(raw, integer, amount) ->
    {value} (null when empty) or {error} (the message shown under the field and in the error
    summary). Reads "45.000", "45.000,50", "45000", "3.577,5"; at most two decimals. A comma
    followed by exactly three digits ("45,000") is a question, never a guess: it is not 45; a
    minus sign is refused with the reason (no amount or count of the site is negative). */

const TURKISH_NUMBER = [/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/, /^\d+(,\d{1,2})?$/];
const THOUSANDS_COMMA = /^(\d{1,3}(?:\.\d{3})*|\d+),(\d{3})$/;

function groupThousands(digits) {
  return digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function parseNumber(raw, integer, amount) {
  const text = String(raw).trim();
  const s = text.replace(/\s+/g, "").replace(/TL$/i, "").replace(/^%/, "");
  if (s === "") return { value: null };
  const comma = THOUSANDS_COMMA.exec(s);
  if (comma) {
    const n = groupThousands(comma[1].replace(/\./g, "") + comma[2]);
    return { error: amount
      ? `“${text}” ${n} TL mi? Binlik ayırıcı olarak nokta yazın: ${n}; kuruş için virgül: ${n},50`
      : `“${text}” ${n} sayısı mı? Binlik ayırıcı olarak nokta yazın: ${n}` };
  }
  // a minus sign before a number the reader would take: say why it is refused
  if (/^[-\u2212]/.test(s) && (TURKISH_NUMBER.some((re) => re.test(s.slice(1))) || THOUSANDS_COMMA.test(s.slice(1)))) {
    return { error: amount ? "Eksi (negatif) tutar yazılamaz: 0 ya da daha büyük bir tutar yazın, örneğin 45.000."
      : "Eksi (negatif) sayı yazılamaz: 0 ya da daha büyük bir sayı yazın." };
  }
  if (TURKISH_NUMBER.some((re) => re.test(s))) {
    const v = Number(s.replace(/\./g, "").replace(",", "."));
    if (integer && !Number.isInteger(v)) return { error: "Tam sayı yazın, örneğin 12." };
    return { value: v };
  }
  return { error: integer ? "Yalnızca rakam yazın, örneğin 12."
    : amount ? "Tutarı 45.000 ya da 3.577,50 biçiminde yazın." : "Sayıyı 12 ya da 12,5 biçiminde yazın." };
}
