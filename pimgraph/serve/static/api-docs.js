// The /api/docs page: Swagger UI over the OpenAPI document at /api, from this server only.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var here = new URL(".", window.location.href); // /api/docs -> /api/
  window.ui = SwaggerUIBundle({
    url: new URL("../api", here).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // no badge from validator.swagger.io
    tryItOutEnabled: true,
    displayOperationId: true,
    defaultModelsExpandDepth: 0
  });
});
