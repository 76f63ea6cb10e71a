// GraphiQL for SIMASN: queries and mutations over HTTP at /query,
// subscriptions over graphql-transport-ws on the same path. Sign in with
// the login mutation and put {"Authorization": "Bearer <token>"} in the
// headers tab; the dashboard's token is offered when the same tab signed in.
(function () {
  'use strict';
  var wsURL = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/query';
  var token = null;
  try { token = sessionStorage.getItem('simasn.token'); } catch (e) { /* storage disabled */ }
  var headers = token ? JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2) : undefined;
  var fetcher = GraphiQL.createFetcher({
    url: '/query',
    subscriptionUrl: wsURL,
    wsConnectionParams: function () {
      return token ? { authToken: token } : {};
    },
  });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    headers: headers,
    defaultQuery: '# SIMASN GraphQL API\n# Sign in with\n#   mutation { login(username: "…", password: "…") { token } }\n# and put {"Authorization": "Bearer <token>"} under Headers\n# (a tab signed in to the dashboard has it already).\n\n{\n  regions(first: 15, orderBy: [{field: CODE}]) {\n    totalCount\n    edges { node { code name kind remote } }\n  }\n}\n',
  }));
})();
