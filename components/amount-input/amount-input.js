/** @fragment How the calculators read a number the Turkish way (components/amount-input/):
    parseNumber(raw, integer) -> {value} (null when empty) or {error} (the message shown
    under the field and in the error summary). Put in place of `// @component amount-input`
    inside rules.js by kb/site/assets.py. The forms read amounts with parseAmount of
    forms-core.js, which mirrors the Python validator. */

const TURKISH_NUMBER = [/^\d{1,3}(\.\d{3})+(,\d+)?$/, /^\d+(,\d+)?$/];

function parseNumber(raw, integer) {
  const s = raw.replace(/\s+/g, "").replace(/TL$/i, "").replace(/^%/, "");
  if (s === "") return { value: null };
  if (TURKISH_NUMBER.some((re) => re.test(s))) {
    const v = Number(s.replace(/\./g, "").replace(",", "."));
    if (integer && !Number.isInteger(v)) return { error: "Tam sayı yazın, örneğin 12." };
    return { value: v };
  }
  return { error: integer ? "Yalnızca rakam yazın, örneğin 12." : "Tutarı 45.000 ya da 3.577,50 biçiminde yazın." };
}
