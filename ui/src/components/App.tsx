import { EmptyDetail } from './EmptyDetail.js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient, ApiClientError, type LiveStatus, type RequestPage, type RequestSummary, type ServerEvent, type ServerInfo, type TunnelView } from '../api/client.js';
import { saveBlob } from '../clipboard.js';
import { formatCount } from '../format.js';
import { hasFilters, parseFilters, parseOpenId, sameFilters, toListQuery, toSearch, type Filters } from '../filters.js';
import { lazy } from '../lazy.js';
import { memo } from '../memo.js';
import { appendPage, applyEvent, EMPTY_LIST, FIRST_PAGE, fromPage, mergeNewestPage, PAGE_SIZE, type ListState } from '../state.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { CopyButton } from './CopyButton.js';
import { FilterBar as FilterBarView } from './FilterBar.js';
import type { DetailState, RequestDetailProps } from './RequestDetail.js';
import { FRESH_MS, RequestList } from './RequestList.js';
import { firstPaint as firstRowsPainted, watchFirstPaint } from '../first-paint.js';
import type { SettingsPanelProps } from './SettingsPanel.js';
import { TunnelBar as TunnelBarView } from './TunnelBar.js';

/** Requests larger than this are loaded through the detail worker (JSON parsed off the main thread). */
const LARGE_DETAIL = 1024 * 1024;
/** With a full-text query, live arrivals trigger a refetch at most this often. */
const SEARCH_REFRESH_MS = 300;
/** While the server's search index is catching up (a search answered `indexing`), ask again this often. */
const INDEXING_RETRY_MS = 1_000;
const TUNNEL_POLL_MS = 15_000;

// Live updates re-render the list many times a second; these only when their own props change.
const FilterBar = memo(FilterBarView);
const TunnelBar = memo(TunnelBarView);

/** The detail pane and Settings load as separate chunks: the first list paint does not wait for them. */
const RequestDetail = memo(
  lazy<RequestDetailProps>(
    () => import('./RequestDetail.js').then((m) => m.RequestDetail),
    () => (
      <section class="detail" data-testid="detail-loading" aria-busy="true">
        <p class="muted">Loading…</p>
      </section>
    ),
  ),
);
const preloadDetail = () => import('./RequestDetail.js');
const SettingsPanel = lazy<SettingsPanelProps>(() => import('./SettingsPanel.js').then((m) => m.SettingsPanel));

/** Started by main.tsx before the first render, so the first page is on its way while the page boots. */
export interface InitialLoad {
  filters: Filters;
  page: Promise<RequestPage>;
  /** The first page, when it arrived before the first render. */
  resolved?: RequestPage;
  info: Promise<ServerInfo>;
}

function message(err: unknown): string {
  if (err instanceof ApiClientError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function App({ client: given, initial }: { client?: ApiClient; initial?: InitialLoad }) {
  const client = useMemo(() => given ?? new ApiClient(), [given]);
  const initialRef = useRef(initial);
  const [filters, setFiltersState] = useState<Filters>(() => parseFilters(location.search));
  // When main.tsx waited for the first page, the very first render already has the rows.
  const [list, setListState] = useState<ListState>(() =>
    initial?.resolved && sameFilters(initial.filters, parseFilters(location.search)) ? fromPage(initial.resolved) : EMPTY_LIST,
  );
  const preloaded = useRef(list !== EMPTY_LIST);
  /** The query (as `?…`) whose results the list shows. */
  const [shownQuery, setShownQuery] = useState<string>(() => toSearch(parseFilters(location.search)));
  const [loading, setLoading] = useState(!preloaded.current);
  /** Captured requests the search index has not reached yet (the last search said so); 0 when current. */
  const [indexingBehind, setIndexingBehind] = useState(() => (preloaded.current ? (initial?.resolved?.indexing?.behind ?? 0) : 0));
  /** Bumped to run the same query again once the index has moved on. */
  const [requery, setRequery] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [tunnel, setTunnel] = useState<TunnelView | null>(null);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(() => parseOpenId(location.search));
  const [detail, setDetail] = useState<DetailState>({ status: 'none' });
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const [settings, setSettings] = useState<{ provider: string | null } | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  /** After an export that could not hold everything the filters matched: says so (until the next export or filter change). */
  const [exportNote, setExportNote] = useState<string | null>(null);
  useEffect(() => setExportNote(null), [filters]);
  const searchRef = useRef<HTMLInputElement>(null);

  // Socket callbacks and key handlers outlive renders: they read the latest values through refs.
  const listRef = useRef(list);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const openRef = useRef(openId);
  openRef.current = openId;
  const cursorRef = useRef(cursorId);
  cursorRef.current = cursorId;
  const fresh = useRef(new Map<string, number>());
  const lastArrival = useRef(0);
  const setList = useCallback((update: (s: ListState) => ListState) => {
    setListState((prev) => {
      const next = update(prev);
      listRef.current = next;
      return next;
    });
  }, []);

  // ---- the list for the current filters -------------------------------------------------------
  const queryGen = useRef(0);
  /** Live events that arrive while a first page is in flight: applied on top of it when it lands. */
  const buffered = useRef<ServerEvent[] | null>(preloaded.current ? null : []);
  const firstPaint = useRef(false);
  const afterFirstRows = useCallback((hasRows: boolean) => {
    if (firstPaint.current) return;
    firstPaint.current = true;
    watchFirstPaint(hasRows);
    // Once the rows are on screen, fetch the detail pane's code, so the first click does not wait for it.
    void firstRowsPainted.then(preloadDetail);
  }, []);

  useEffect(() => {
    // An incomplete search (index still catching up) is asked again shortly, without blanking the list.
    let retry: ReturnType<typeof setTimeout> | undefined;
    const retryWhileIndexing = (page: RequestPage) => {
      const behind = page.indexing?.behind ?? 0;
      setIndexingBehind(behind);
      if (behind > 0) retry = setTimeout(() => setRequery((n) => n + 1), INDEXING_RETRY_MS);
    };
    if (preloaded.current) {
      // The first page came with the first render.
      preloaded.current = false;
      if (initialRef.current?.resolved) retryWhileIndexing(initialRef.current.resolved);
      initialRef.current = undefined;
      afterFirstRows(listRef.current.items.length > 0);
      return () => clearTimeout(retry);
    }
    const gen = ++queryGen.current;
    const abort = new AbortController();
    buffered.current = [];
    // Asked again for the query already on screen (the index caught up a little): keep showing it meanwhile.
    if (shownQuery !== toSearch(filters)) setLoading(true);
    // The first page may already be in flight (main.tsx): use it when it is for these filters.
    const early = initialRef.current;
    initialRef.current = undefined;
    const request =
      early && sameFilters(early.filters, filters) ? early.page : client.listRequests({ limit: FIRST_PAGE, ...toListQuery(filters) }, abort.signal);
    request.then(
      (page) => {
        if (gen !== queryGen.current) return;
        const events = buffered.current ?? [];
        buffered.current = null;
        const next = events.reduce((s, e) => applyEvent(s, e, filters), fromPage(page));
        setList(() => next);
        for (const e of events) if (e.type === 'hello') catchUpRef.current(e.latestId, next);
        setShownQuery(toSearch(filters));
        setLoading(false);
        setError(null);
        retryWhileIndexing(page);
        afterFirstRows(page.items.length > 0);
      },
      (err: unknown) => {
        if (gen !== queryGen.current || (err as Error)?.name === 'AbortError') return;
        buffered.current = null;
        setLoading(false);
        setError(message(err));
      },
    );
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [client, filters, requery, setList, afterFirstRows]);

  // Filters and the open request live in the URL (replaceState: typing must not flood history).
  useEffect(() => {
    const search = toSearch(filters, openId);
    if (search !== location.search) history.replaceState(history.state, '', search || location.pathname);
  }, [filters, openId]);

  const setFilters = useCallback((next: Filters) => {
    if (sameFilters(next, filtersRef.current)) return;
    filtersRef.current = next;
    setFiltersState(next);
    setMarked(new Set());
  }, []);

  // Refetch the newest page (for the current filters) and merge it in; a burst of triggers costs one request.
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
        const gen = queryGen.current;
        const f = filtersRef.current;
        try {
          const page = await client.listRequests({ limit: PAGE_SIZE, ...toListQuery(f) });
          if (gen === queryGen.current && buffered.current === null) setList((s) => mergeNewestPage(s, page));
          setError(null);
        } catch (err) {
          setError(message(err));
        }
      } while (st.again);
    } finally {
      st.running = false;
    }
  }, [client, setList]);

  /**
   * The socket's hello names the newest request: when the list lacks it, something arrived between the
   * page and the socket opening (or while disconnected), so refetch the newest page.
   */
  const catchUp = useCallback(
    (latestId: string | null, state: ListState = listRef.current) => {
      if (latestId && !state.items.some((i) => i.id === latestId)) void resync();
    },
    [resync],
  );
  const catchUpRef = useRef(catchUp);
  catchUpRef.current = catchUp;

  const searchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshSearchSoon = useCallback(() => {
    if (searchTimer.current) return;
    searchTimer.current = setTimeout(() => {
      searchTimer.current = null;
      void resync();
    }, SEARCH_REFRESH_MS);
  }, [resync]);

  // ---- detail ---------------------------------------------------------------------------------
  const detailSeq = useRef(0);
  const detailAbort = useRef<AbortController | null>(null);
  const loadDetail = useCallback(
    async (id: string, quiet = false) => {
      const seq = ++detailSeq.current;
      detailAbort.current?.abort();
      const abort = new AbortController();
      detailAbort.current = abort;
      if (!quiet) setDetail({ status: 'loading', id });
      const size = listRef.current.items.find((i) => i.id === id)?.size ?? 0;
      try {
        const data = size > LARGE_DETAIL ? await client.getLargeRequest(id, abort.signal) : await client.getRequest(id, abort.signal);
        if (seq === detailSeq.current) setDetail({ status: 'ok', id, data });
      } catch (err) {
        if (seq !== detailSeq.current || (err as Error)?.name === 'AbortError') return;
        if (err instanceof ApiClientError && err.isNotFound) setDetail({ status: 'gone', id });
        else setDetail({ status: 'error', id, message: message(err) });
      }
    },
    [client],
  );

  const detailStatus = useRef(detail.status);
  detailStatus.current = detail.status;
  const open = useCallback(
    (id: string) => {
      setCursorId(id);
      cursorRef.current = id;
      if (id === openRef.current && detailStatus.current !== 'none' && detailStatus.current !== 'error') return;
      openRef.current = id;
      setOpenId(id);
      void loadDetail(id);
    },
    [loadDetail],
  );

  const close = useCallback(() => {
    detailSeq.current++;
    detailAbort.current?.abort();
    openRef.current = null;
    setOpenId(null);
    setDetail({ status: 'none' });
  }, []);

  // A request opened from the URL (`?open=42`).
  useEffect(() => {
    if (openId) {
      setCursorId(openId);
      void loadDetail(openId);
    }
  }, []);

  // ---- live -----------------------------------------------------------------------------------
  useEffect(() => {
    const onEvent = (event: ServerEvent) => {
      if (buffered.current !== null) {
        buffered.current.push(event);
        return;
      }
      const f = filtersRef.current;
      if (event.type === 'hello') {
        catchUp(event.latestId);
        return;
      }
      if (event.type === 'requests') {
        const now = performance.now();
        // Arrivals slide in when they come one by one; under a flood the animation would only cost frames.
        if (event.items.length <= 5 && now - lastArrival.current > 300) {
          const seen = fresh.current;
          for (const item of event.items) seen.set(item.id, now);
          if (seen.size > 200) for (const [id, t] of seen) if (now - t > FRESH_MS) seen.delete(id);
        }
        lastArrival.current = now;
        if (f.q.trim()) refreshSearchSoon();
      }
      setList((s) => applyEvent(s, event, f));
      const sel = openRef.current;
      if (!sel) return;
      if (event.type === 'updated' && event.items.some((i) => i.id === sel)) void loadDetail(sel, true);
      else if ((event.type === 'deleted' && event.ids.includes(sel)) || event.type === 'cleared') {
        detailSeq.current++;
        setDetail({ status: 'gone', id: sel });
      }
    };
    let hadFailure = false;
    let closed = false;
    let conn: { close(): void } | null = null;
    // Connect once the first rows are on screen; the socket's hello catches up on anything missed meanwhile.
    void firstRowsPainted.then(() => {
      if (closed) return;
      conn = client.connectLive({
        onEvent,
        onStatus: (status) => {
          if (status === 'lost') hadFailure = true;
          setLive(status);
        },
        onOpen: (reconnected) => {
          // Requests captured (or deleted) while the socket was down: the newest page brings them.
          if (reconnected || hadFailure) {
            void resync();
            setConnections((n) => n + 1);
          }
        },
      });
    });
    return () => {
      closed = true;
      conn?.close();
    };
  }, [client, loadDetail, catchUp, resync, refreshSearchSoon, setList]);

  // ---- server info and tunnel -------------------------------------------------------------------
  const infoFetched = useRef(false);
  const [connections, setConnections] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    const early = initial?.info;
    // The first time, the request main.tsx started; after a reconnect (maybe a new run), ask again.
    (infoFetched.current || !early ? client.getInfo(abort.signal) : early).then(setInfo, () => {});
    infoFetched.current = true;
    return () => abort.abort();
  }, [client, connections]);

  useEffect(() => {
    if (!info?.features.includes('tunnel')) return;
    let stopped = false;
    const poll = () =>
      client.getTunnel().then(
        (t) => !stopped && setTunnel(t),
        () => {},
      );
    void firstRowsPainted.then(poll);
    const timer = setInterval(poll, TUNNEL_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, info]);

  // ---- paging, marks, actions -------------------------------------------------------------------
  const loadMore = useCallback(async () => {
    const cursor = listRef.current.nextCursor;
    if (!cursor) return;
    const gen = queryGen.current;
    setLoadingMore(true);
    try {
      await firstRowsPainted; // the next page is for scrolling: it never delays the first screen
      const page = await client.listRequests({ limit: PAGE_SIZE, cursor, ...toListQuery(filtersRef.current) });
      if (gen === queryGen.current) setList((s) => (s.nextCursor === cursor ? appendPage(s, page) : s));
    } catch (err) {
      setError(message(err));
    } finally {
      setLoadingMore(false);
    }
  }, [client, setList]);

  const mark = useCallback((id: string, how: 'toggle' | 'range') => {
    setMarked((prev) => {
      const next = new Set(prev);
      const items = listRef.current.items;
      const anchor = cursorRef.current ?? openRef.current;
      if (how === 'range' && anchor) {
        const a = items.findIndex((i) => i.id === anchor);
        const b = items.findIndex((i) => i.id === id);
        if (a !== -1 && b !== -1) {
          for (let i = Math.min(a, b); i <= Math.max(a, b); i++) next.add(items[i]!.id);
          return next;
        }
      }
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    setCursorId(id);
  }, []);

  const remove = useCallback(
    async (id: string) => {
      try {
        await client.deleteRequest(id);
        setList((s) => applyEvent(s, { type: 'deleted', ids: [id] }));
        if (openRef.current === id) close();
      } catch (err) {
        setError(message(err));
      }
    },
    [client, setList, close],
  );

  const removeMarked = useCallback(async () => {
    const ids = Array.from(marked);
    try {
      for (const id of ids) await client.deleteRequest(id).catch((err: unknown) => {
        if (!(err instanceof ApiClientError && err.isNotFound)) throw err;
      });
      setList((s) => applyEvent(s, { type: 'deleted', ids }));
      if (openRef.current && ids.includes(openRef.current)) close();
      setMarked(new Set());
    } catch (err) {
      setError(message(err));
    }
  }, [client, marked, setList, close]);

  const clearAll = useCallback(async () => {
    setConfirmClear(false);
    try {
      await client.clearRequests();
      setList(() => EMPTY_LIST);
      setMarked(new Set());
      close();
    } catch (err) {
      setError(message(err));
    }
  }, [client, setList, close]);

  const exportHar = useCallback(async () => {
    // The marked requests, else every request the filters match — not only the rows loaded so far — up
    // to the server's newest 5000, which the note beside the button then says.
    const selection = marked.size > 0 ? { ids: Array.from(marked) } : { filters: toListQuery(filtersRef.current) };
    setExportNote(null);
    try {
      const { blob, count, more } = await client.exportHar(selection);
      saveBlob(blob, 'hookscope.har');
      if (more) setExportNote(`exported the newest ${formatCount(count)}; older matching requests were left out`);
    } catch (err) {
      setError(message(err));
    }
  }, [client, marked]);

  const openSettings = useCallback((provider: string | null = null) => setSettings({ provider }), []);
  const closeSettings = useCallback(() => setSettings(null), []);
  const reload = useCallback((id: string) => void loadDetail(id, true), [loadDetail]);
  const retry = useCallback((id: string) => void loadDetail(id), [loadDetail]);

  // ---- keyboard -------------------------------------------------------------------------------
  const keyState = useRef({ open, close, mark, settingsOpen: false });
  keyState.current = { open, close, mark, settingsOpen: settings !== null };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = keyState.current;
      if (k.settingsOpen) {
        if (e.key === 'Escape') setSettings(null);
        return;
      }
      if (isTyping(e.target)) {
        if (e.key === 'Escape') {
          // Leave the box, keep its text: a search field would clear itself on Esc.
          e.preventDefault();
          (e.target as HTMLElement).blur();
        }
        else if (e.key === 'Enter' && e.target === searchRef.current) searchRef.current?.blur();
        return;
      }
      const items = listRef.current.items;
      const move = (delta: number) => {
        if (items.length === 0) return;
        const from = cursorRef.current ?? openRef.current;
        const at = from === null ? -1 : items.findIndex((i) => i.id === from);
        const next = items[at === -1 ? 0 : Math.max(0, Math.min(items.length - 1, at + delta))]!;
        cursorRef.current = next.id;
        setCursorId(next.id);
      };
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          move(-1);
          break;
        case 'Enter':
          if (cursorRef.current && (e.target === document.body || (e.target as HTMLElement).closest?.('.list-scroll'))) {
            e.preventDefault();
            k.open(cursorRef.current);
          }
          break;
        case '/':
          e.preventDefault();
          searchRef.current?.focus();
          searchRef.current?.select();
          break;
        case 'Escape':
          if (openRef.current) k.close();
          else setMarked(new Set());
          break;
        case 'x':
          if (cursorRef.current) k.mark(cursorRef.current, 'toggle');
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // ---- render ---------------------------------------------------------------------------------
  // Providers among the newest requests, for the filter menu; the same array while the set is unchanged.
  const providersKey = useMemo(() => {
    const s = new Set<string>();
    for (let i = 0; i < Math.min(500, list.items.length); i++) {
      const p = list.items[i]!.provider;
      if (p) s.add(p);
    }
    return Array.from(s).sort().join(',');
  }, [list.items]);
  const seenProviders = useMemo(() => (providersKey ? providersKey.split(',') : []), [providersKey]);
  const openSummary: RequestSummary | null = detail.status === 'ok' ? detail.data : null;
  const count = list.items.length;
  const filtered = hasFilters(filters);

  return (
    <div class={`app${openId ? ' has-detail' : ''}`}>
      <header class="topbar">
        <h1 class="brand">hookscope</h1>
        <span class={`live-dot live-${live}`} data-testid="live-status" data-status={live} title={live === 'open' ? 'Live' : live === 'lost' ? 'Reconnecting' : 'Connecting'}>
          {live === 'open' ? 'live' : live === 'lost' ? 'offline' : 'connecting'}
        </span>
        {info?.captureUrl ? (
          <span class="capture-url">
            capture <code data-testid="topbar-capture-url">{info.captureUrl}</code>
            <CopyButton text={info.captureUrl} label="copy" />
          </span>
        ) : null}
        <span class="spacer" />
        <span class="muted" data-testid="request-count">
          {formatCount(count)}
          {list.nextCursor ? '+' : ''} {filtered ? 'matching' : count === 1 ? 'request' : 'requests'}
        </span>
        {indexingBehind > 0 && filters.q.trim() ? (
          <span class="muted" data-testid="search-indexing" title="Results may be incomplete until the search index catches up">
            indexing {formatCount(indexingBehind)} more…
          </span>
        ) : null}
        {marked.size > 0 ? (
          <>
            <span class="marked-count" data-testid="marked-count">
              {marked.size} marked
            </span>
            <button type="button" class="danger" data-testid="delete-marked" onClick={() => void removeMarked()}>
              Delete marked
            </button>
          </>
        ) : null}
        <button type="button" data-testid="export-har" onClick={() => void exportHar()} disabled={count === 0} title="HAR of the marked requests, else of every request the filters match (the newest 5000)">
          Export HAR{marked.size > 0 ? ` (${marked.size})` : ''}
        </button>
        {exportNote ? (
          <span class="muted" role="status" data-testid="export-note">
            {exportNote}
          </span>
        ) : null}
        {confirmClear ? (
          <span class="confirm" role="alertdialog" aria-label="Confirm delete all">
            Delete every request?{' '}
            <button type="button" class="danger" data-testid="clear-all-confirm" onClick={() => void clearAll()}>
              Delete all
            </button>{' '}
            <button type="button" data-testid="clear-all-cancel" onClick={() => setConfirmClear(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirmClear(true)} disabled={count === 0 && !filtered} data-testid="clear-all">
            Delete all
          </button>
        )}
        <button type="button" data-testid="settings-open" onClick={() => openSettings(null)}>
          Secrets
        </button>
      </header>
      <FilterBar filters={filters} onChange={setFilters} seenProviders={seenProviders} searchRef={searchRef} />
      <TunnelBar info={info} tunnel={tunnel} path={openSummary?.url ?? null} provider={openSummary?.provider ?? null} />
      <ConnectionBanner status={live} error={error} />
      <main class="panes">
        <RequestList
          items={list.items}
          cursorId={cursorId}
          openId={openId}
          marked={marked}
          onOpen={open}
          onMark={mark}
          hasMore={list.nextCursor !== null}
          loadingMore={loadingMore}
          onLoadMore={loadMore}
          loading={loading}
          filtered={filtered}
          queryKey={shownQuery}
          fresh={fresh.current}
          captureUrl={info?.captureUrl ?? null}
        />
        {detail.status === 'none' ? (
          <EmptyDetail />
        ) : (
          <RequestDetail
          state={detail}
          client={client}
          info={info}
          onDelete={remove}
          onRetry={retry}
          onClose={close}
          onAddSecret={openSettings}
          onReplayed={reload}
          />
        )}
      </main>
      {settings ? <SettingsPanel client={client} info={info} initialProvider={settings.provider} onClose={closeSettings} /> : null}
    </div>
  );
}
