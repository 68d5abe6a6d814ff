import type { DataCallback, Disposable, Message, MessageReader, MessageStrategy } from "vscode-languageserver";

/** The notifications that change what the diagnostics are computed from. */
const CHANGES = new Set(["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "workspace/didChangeWatchedFiles"]);

const isChange = (message: Message): boolean => CHANGES.has((message as { method?: unknown }).method as string);

/**
 * Counts document changes the connection has read but not yet handed to the server. The
 * connection reads every message of a chunk at once and handles them one per event-loop turn,
 * so after a keystroke several more may already be waiting: diagnostics for the text before
 * them would be superseded before they were shown. The publisher asks `pending()` and waits.
 */
export class MessageBacklog {
  private received = 0;
  private handled = 0;

  pending(): number {
    return this.received - this.handled;
  }

  /** Wraps the reader the connection reads from, counting changes as they arrive. */
  reader(inner: MessageReader): MessageReader {
    return {
      onError: inner.onError,
      onClose: inner.onClose,
      onPartialMessage: inner.onPartialMessage,
      listen: (callback: DataCallback): Disposable =>
        inner.listen((message) => {
          if (isChange(message)) this.received++;
          callback(message);
        }),
      dispose: () => inner.dispose(),
    };
  }

  /** The connection's message strategy, counting changes as they are handled. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      if (isChange(message)) this.handled++;
      next(message);
    },
  };
}
