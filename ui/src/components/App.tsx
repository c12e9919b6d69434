import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient, ApiClientError, type LiveStatus, type ServerEvent } from '../api/client.js';
import { appendPage, applyEvent, EMPTY_LIST, fromPage, mergeNewestPage, type ListState } from '../state.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { RequestDetail, type DetailState } from './RequestDetail.js';
import { RequestList } from './RequestList.js';

const PAGE_SIZE = 100;

function message(err: unknown): string {
  if (err instanceof ApiClientError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

export function App({ client: given }: { client?: ApiClient }) {
  const client = useMemo(() => given ?? new ApiClient(), [given]);
  const [list, setListState] = useState<ListState>(EMPTY_LIST);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<DetailState>({ status: 'none' });

  // Socket callbacks outlive renders: they read the latest values through refs.
  const listRef = useRef(list);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const setList = useCallback((update: (s: ListState) => ListState) => {
    setListState((prev) => {
      const next = update(prev);
      listRef.current = next;
      return next;
    });
  }, []);

  const detailSeq = useRef(0);
  const detailAbort = useRef<AbortController | null>(null);
  const loadDetail = useCallback(
    async (id: string, quiet = false) => {
      const seq = ++detailSeq.current;
      detailAbort.current?.abort();
      const abort = new AbortController();
      detailAbort.current = abort;
      if (!quiet) setDetail({ status: 'loading', id });
      try {
        const data = await client.getRequest(id, abort.signal);
        if (seq === detailSeq.current) setDetail({ status: 'ok', id, data });
      } catch (err) {
        if (seq !== detailSeq.current || (err as Error)?.name === 'AbortError') return;
        if (err instanceof ApiClientError && err.isNotFound) setDetail({ status: 'gone', id });
        else setDetail({ status: 'error', id, message: message(err) });
      }
    },
    [client],
  );

  const select = useCallback(
    (id: string) => {
      if (id === selectedRef.current) return;
      selectedRef.current = id;
      setSelectedId(id);
      void loadDetail(id);
    },
    [loadDetail],
  );

  // Refetch the newest page and merge it in; coalesced so a burst of triggers costs one request.
  const resyncState = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const resync = useCallback(async () => {
    const st = resyncState.current;
    if (st.running) {
      st.again = true;
      return;
    }
    st.running = true;
    try {
      do {
        st.again = false;
        try {
          const page = await client.listRequests({ limit: PAGE_SIZE });
          setList((s) => mergeNewestPage(s, page));
          setError(null);
        } catch (err) {
          setError(message(err));
        }
      } while (st.again);
    } finally {
      st.running = false;
      setLoading(false);
    }
  }, [client, setList]);

  useEffect(() => {
    let disposed = false;
    let initialFailed = false;
    let conn: { close(): void } | null = null;

    const onEvent = (event: ServerEvent) => {
      if (event.type === 'hello') {
        // A request that arrived between the first page and the socket opening: catch up.
        const latest = event.latestId;
        if (latest && !listRef.current.items.some((i) => i.id === latest)) void resync();
        return;
      }
      setList((s) => applyEvent(s, event));
      const sel = selectedRef.current;
      if (!sel) return;
      if (event.type === 'updated' && event.items.some((i) => i.id === sel)) void loadDetail(sel, true);
      else if ((event.type === 'deleted' && event.ids.includes(sel)) || event.type === 'cleared') {
        detailSeq.current++;
        setDetail({ status: 'gone', id: sel });
      }
    };

    (async () => {
      try {
        const page = await client.listRequests({ limit: PAGE_SIZE });
        if (disposed) return;
        setList(() => fromPage(page));
      } catch (err) {
        if (disposed) return;
        initialFailed = true;
        setError(message(err));
      } finally {
        if (!disposed) setLoading(false);
      }
      if (disposed) return;
      conn = client.connectLive({
        onEvent,
        onStatus: setLive,
        onOpen: (reconnected) => {
          // Requests captured (or deleted) while the socket was down: the newest page brings them.
          if (reconnected || initialFailed) {
            initialFailed = false;
            void resync();
          }
        },
      });
    })();

    return () => {
      disposed = true;
      conn?.close();
    };
  }, [client, loadDetail, resync, setList]);

  const loadMore = useCallback(async () => {
    const cursor = listRef.current.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await client.listRequests({ limit: PAGE_SIZE, cursor });
      setList((s) => (s.nextCursor === cursor ? appendPage(s, page) : s));
    } catch (err) {
      setError(message(err));
    } finally {
      setLoadingMore(false);
    }
  }, [client, setList]);

  const remove = useCallback(
    async (id: string) => {
      try {
        await client.deleteRequest(id);
        setList((s) => applyEvent(s, { type: 'deleted', ids: [id] }));
        if (selectedRef.current === id) {
          detailSeq.current++;
          selectedRef.current = null;
          setSelectedId(null);
          setDetail({ status: 'none' });
        }
      } catch (err) {
        setError(message(err));
      }
    },
    [client, setList],
  );

  const clearAll = useCallback(async () => {
    if (!confirm('Delete every captured request?')) return;
    try {
      await client.clearRequests();
      setList(() => EMPTY_LIST);
      detailSeq.current++;
      selectedRef.current = null;
      setSelectedId(null);
      setDetail({ status: 'none' });
    } catch (err) {
      setError(message(err));
    }
  }, [client, setList]);

  const count = list.items.length;
  return (
    <div class="app">
      <header class="topbar">
        <h1 class="brand">hookscope</h1>
        <span
          class={`live-dot live-${live}`}
          data-testid="live-status"
          data-status={live}
          title={live === 'open' ? 'Live' : live === 'lost' ? 'Reconnecting' : 'Connecting'}
        >
          {live === 'open' ? 'live' : live === 'lost' ? 'offline' : 'connecting'}
        </span>
        <span class="spacer" />
        <span class="muted" data-testid="request-count">
          {count} {count === 1 ? 'request' : 'requests'}
          {list.nextCursor ? '+' : ''}
        </span>
        <button type="button" class="danger" onClick={clearAll} disabled={count === 0} data-testid="clear-all">
          Clear all
        </button>
      </header>
      <ConnectionBanner status={live} error={error} />
      <main class="panes">
        <RequestList
          items={list.items}
          selectedId={selectedId}
          onSelect={select}
          hasMore={list.nextCursor !== null}
          loadingMore={loadingMore}
          onLoadMore={loadMore}
          loading={loading}
        />
        <RequestDetail state={detail} onDelete={remove} onRetry={(id) => void loadDetail(id)} />
      </main>
    </div>
  );
}
