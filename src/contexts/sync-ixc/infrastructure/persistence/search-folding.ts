/**
 * The folding of `sync_ixc.customers.search_name` (migration 1763830000013): lower case, accents
 * dropped. A search term goes through the same translate() so both sides compare alike.
 */
const ACCENTED =
  'áàâãäåāăąçćčďéèêëēėęěíìîïīįñńňóòôõöøōőřśšşťúùûüūůűųýÿžźżÁÀÂÃÄÅĀĂĄÇĆČĎÉÈÊËĒĖĘĚÍÌÎÏĪĮÑŃŇÓÒÔÕÖØŌŐŘŚŠŞŤÚÙÛÜŪŮŰŲÝŸŽŹŻ';
const PLAIN =
  'aaaaaaaaacccdeeeeeeeeiiiiiinnnoooooooorssstuuuuuuuuyyzzzaaaaaaaaacccdeeeeeeeeiiiiiinnnoooooooorssstuuuuuuuuyyzzz';

/** SQL that folds the text parameter `$n` like the stored search name. */
export function foldedSql(parameter: string): string {
  return `translate(lower(${parameter}), '${ACCENTED}', '${PLAIN}')`;
}

/** Phone matches need a few digits: fewer would match nearly every customer. */
export const MIN_PHONE_DIGITS = 4;
