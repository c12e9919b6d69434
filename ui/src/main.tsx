import { render } from 'preact';
import { ApiClient } from './api/client.js';
import { App, type InitialLoad } from './components/App.js';
import { parseFilters, toListQuery } from './filters.js';
import { FIRST_PAGE } from './state.js';
import './styles.css';

// Ask for the first page and the server info before rendering anything: the requests are in flight
// while Preact mounts, which is most of the way to the first list paint.
const client = new ApiClient();
const filters = parseFilters(location.search);
const initial: InitialLoad = {
  filters,
  page: client.listRequests({ limit: FIRST_PAGE, ...toListQuery(filters) }),
  info: client.getInfo(),
};
initial.info.catch(() => {}); // handled where it is used

// Wait a moment for the first page so the first paint already shows rows (one paint, no flash of an
// empty list); past the wait, render the shell and let the rows follow.
const FIRST_PAGE_WAIT_MS = 150;
const arrived = initial.page.then(
  (page) => {
    initial.resolved = page;
  },
  () => {},
);
void Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS))]).then(() => {
  const root = document.getElementById('app');
  if (root) render(<App client={client} initial={initial} />, root);
});
