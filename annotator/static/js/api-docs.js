// Starts Swagger UI on /api/v1/docs. Writes made with the login session need the CSRF token,
// which is fetched once and added to every request that is not a GET.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  let csrf = null;

  async function csrfToken() {
    if (csrf === null) {
      const answer = await fetch(root.dataset.csrfUrl, { credentials: "same-origin" });
      csrf = answer.ok ? (await answer.json()).csrf_token : "";
    }
    return csrf;
  }

  window.addEventListener("DOMContentLoaded", function () {
    // eslint-disable-next-line no-undef
    SwaggerUIBundle({
      url: root.dataset.spec,
      domNode: root,
      // The groups (tags) start closed, and the schemas' list at the end is left out: with 69
      // operations open as a list, and every schema drawn, the page took seconds to show.
      // Deep links (#/Labels/put_documents__document_id__labels) open what they name.
      docExpansion: "none",
      defaultModelsExpandDepth: -1,
      deepLinking: true,
      filter: true,
      tryItOutEnabled: false,
      requestInterceptor: async function (request) {
        if (request.method && request.method.toUpperCase() !== "GET") {
          request.headers["X-CSRFToken"] = await csrfToken();
        }
        return request;
      },
    });
  });
})();
