// Mounts GraphiQL (vendored beside this file, with React) on the page: queries and mutations go to
// POST /graphql, subscriptions over graphql-ws to /graphql/ws. A script file of its own, so the page needs
// no inline script under the Content-Security-Policy.
(function () {
  'use strict';
  const endpoint = new URL('/graphql', window.location.href);
  const subscriptions = new URL('/graphql/ws', window.location.href);
  subscriptions.protocol = subscriptions.protocol === 'https:' ? 'wss:' : 'ws:';
  const fetcher = GraphiQL.createFetcher({
    url: endpoint.toString(),
    subscriptionUrl: subscriptions.toString(),
  });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
  );
})();
