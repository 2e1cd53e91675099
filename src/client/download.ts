/**
 * Offers text as a file download, without it leaving the device and without any browser storage:
 * an object URL that is revoked straight after the click.
 *
 * @param options.text - the file's contents
 * @param options.fileName - the suggested file name
 * @param options.type - the MIME type
 */
export function downloadText(options: { text: string; fileName: string; type: string }): void {
  const url = URL.createObjectURL(new Blob([options.text], { type: options.type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = options.fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
