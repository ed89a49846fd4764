/** The namespaces textarea: one `<cluster glob>/<namespace glob>` per line, blanks ignored. */
export function parseNamespaceLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function formatNamespaceLines(namespaces: readonly string[]): string {
  return namespaces.join('\n');
}
