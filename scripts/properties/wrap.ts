/** Words of `text` in lines of at most `width` characters, each starting with `prefix` (a long word stays whole). */
export function wrapLines(text: string, prefix: string, width = 120): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(prefix + line);
  return lines;
}

/** A documentation comment of `text`, indented by `indent`. */
export function docComment(text: string, indent = "", tags: string[] = []): string {
  const body = [...wrapLines(text, `${indent} * `), ...tags.map((tag) => `${indent} * ${tag}`)];
  return [`${indent}/**`, ...body, `${indent} */`].join("\n");
}
