/** The detail pane before a request is chosen (shown by the app shell and by the detail pane itself). */
export function EmptyDetail() {
  return (
    <section class="detail detail-empty" data-testid="detail-empty">
      <div class="muted">
        <p>Select a request to see its headers, body and signature check.</p>
        <p class="keys">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> search · <kbd>Esc</kbd> close
        </p>
      </div>
    </section>
  );
}
