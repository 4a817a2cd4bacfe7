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
      deepLinking: true,
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
