import { Controller, Get, Header } from '@nestjs/common';
import { buildOpenApi } from '../../openapi/openapi.js';

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Aerie API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#swagger-ui' });`;

/** The OpenAPI document generated from the code, and Swagger UI over it (no CDN needed). */
@Controller('/api/docs')
export class DocsController {
  private readonly document = JSON.stringify(buildOpenApi());

  @Get('/')
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return SWAGGER_PAGE;
  }

  @Get('/init.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  init(): string {
    return INIT_SCRIPT;
  }

  @Get('/openapi.json')
  @Header('content-type', 'application/json; charset=utf-8')
  openapi(): string {
    return this.document;
  }
}
