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

  const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
  const COMPONENT = /^#\/components\/([^/]+)\/([^/]+)/;

  // One JSON Pointer token, unescaped (RFC 6901, inside a URI fragment).
  function token(text) {
    return decodeURIComponent(text).replace(/~1/g, "/").replace(/~0/g, "~");
  }

  // The part of `spec` that resolving the subtree at `path` reads: the top level (security,
  // servers), the subtree itself (for an operation, with its path item's own parameters and
  // servers but not its sibling operations) and the components its `$ref`s reach, however
  // deep. `spec` itself when a `$ref` points anywhere else, or the path is not there.
  function neededFor(spec, path) {
    if (path[0] !== "paths" && path[0] !== "components") return spec;
    const part = {};
    for (const key of Object.keys(spec)) {
      if (key !== "paths" && key !== "components" && key !== "webhooks") part[key] = spec[key];
    }
    let from = spec;
    let into = part;
    for (const [index, key] of path.entries()) {
      if (from === null || typeof from !== "object" || !(key in from)) return spec;
      const last = index === path.length - 1;
      if (last) {
        into[key] = from[key];
      } else {
        const copy = {};
        if (index === 1 && path[0] === "paths") {
          for (const [name, value] of Object.entries(from[key])) {
            if (!METHODS.has(name)) copy[name] = value;
          }
        }
        into[key] = copy;
      }
      from = from[key];
      into = into[key];
    }
    const components = part.components || (part.components = {});
    const pending = [path.reduce((node, key) => node[key], spec)];
    for (const value of Object.values(part)) if (value !== part.components) pending.push(value);
    const seen = new Set();
    while (pending.length) {
      const node = pending.pop();
      if (node === null || typeof node !== "object" || seen.has(node)) continue;
      seen.add(node);
      for (const [key, value] of Object.entries(node)) {
        if (key !== "$ref" || typeof value !== "string") {
          pending.push(value);
          continue;
        }
        const named = COMPONENT.exec(value);
        const kind = named && token(named[1]);
        const name = named && token(named[2]);
        const target = named && spec.components?.[kind]?.[name];
        if (target === undefined || target === null) return spec;
        const kept = components[kind] || (components[kind] = {});
        if (!(name in kept)) kept[name] = target;
        pending.push(target);
      }
    }
    return part;
  }

  // Swagger UI resolves an operation when it is opened. For OpenAPI 3.1 its resolver
  // (swagger-client's ApiDOM strategy) turns the whole document into ApiDOM elements and
  // normalises it, three passes over our 250 KB, to dereference that one operation: about a
  // second, more on a loaded machine. Handed only what the operation needs, it does the same
  // work on a few KB and answers the same (tests/browser/test_api_docs.py compares them).
  function ResolveOnlyWhatIsNeeded(system) {
    const resolveSubtree = system.fn.resolveSubtree;
    return {
      fn: {
        resolveSubtree: (spec, path, options) =>
          resolveSubtree(neededFor(spec, path), path, options),
        resolveSubtreeInWhole: resolveSubtree,
      },
    };
  }

  window.addEventListener("DOMContentLoaded", function () {
    // eslint-disable-next-line no-undef
    window.annotatorApiDocs = SwaggerUIBundle({
      url: root.dataset.spec,
      domNode: root,
      plugins: [ResolveOnlyWhatIsNeeded],
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
