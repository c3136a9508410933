/**
 * AMQP topic matching: words separated by dots, `*` matches exactly one word, `#` zero or more.
 * The in-process transport routes with it exactly as RabbitMQ's topic exchange does.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return match(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function match(pattern: string[], p: number, words: string[], w: number): boolean {
  if (p === pattern.length) return w === words.length;
  const token = pattern[p];
  if (token === '#') {
    for (let skip = w; skip <= words.length; skip++) {
      if (match(pattern, p + 1, words, skip)) return true;
    }
    return false;
  }
  if (w === words.length) return false;
  return (token === '*' || token === words[w]) && match(pattern, p + 1, words, w + 1);
}
