'use strict';
// Swagger UI over the OpenAPI document the build generates from the controllers. "Authorize" takes a
// bearer token (a member's, or the operator's from data/operator.token) or a platform's API key.
window.ui = SwaggerUIBundle({
  url: '/openapi/timebank-v1.yml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false, // a token typed in stays in this page, never in the browser's storage
  displayRequestDuration: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
