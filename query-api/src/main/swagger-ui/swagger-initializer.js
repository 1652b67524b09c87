'use strict';
// Swagger UI over the OpenAPI document the build generates from the controllers. "Authorize" takes a
// bearer token (a member's, or the operator's from data/operator.token) or a platform's API key.
window.ui = SwaggerUIBundle({
  url: '/openapi/timebank-v1.yml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
