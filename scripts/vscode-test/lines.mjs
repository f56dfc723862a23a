// Calls onLine for each line a child process's stream prints, as it prints it (the last one even without a
// newline): how the in-VS-Code runs follow code-server's and the extension's logs.
export function lines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => buf && onLine(buf));
}
