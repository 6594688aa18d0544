"""FastAPI application for the county complaint service.

    .venv-api/bin/uvicorn api.main:app --port 8000

Migrations are applied on startup (AUTO_MIGRATE=true, the default); `alembic -c api/alembic.ini upgrade head`
does the same by hand.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import anyio
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.calendar.routes import router as calendar_router
from api.complaints.routes import router as complaints_router
from api.console.routes import router as console_router
from api.county import load_county
from api.db import Database, upgrade_database, utcnow
from api.directory.routes import router as directory_router
from api.errors import install_error_handlers
from api.handoffs.chat_routes import router as handoff_chat_router
from api.handoffs.routes import router as handoffs_router
from api.praises.routes import router as praises_router
from api.privacy.masking import install_log_masking
from api.privacy.routes import router as access_log_router
from api.ratelimit import RateLimiter
from api.service_standard.console_routes import router as standard_console_router
from api.service_standard.rating_routes import router as rating_router
from api.service_standard.routes import router as standard_router
from api.settings import Settings, get_settings
from api.staff.routes import auth_router
from api.staff.routes import router as staff_router

log = logging.getLogger("api")
WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_BODY_BYTES = 1_000_000


TOO_LARGE = "요청 내용이 너무 큽니다. 1MB 이하로 보내 주십시오."


class BodySizeLimit:
    """Refuse oversized bodies (pydantic limits fields after): by Content-Length before they are read, and while
    they are read, for a chunked body that declares no length."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await JSONResponse(status_code=413, content={"detail": TOO_LARGE})(scope, receive, send)
                return
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # Raised where the endpoint reads its body: the error handlers answer in Korean.
                    raise StarletteHTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, counted_receive, send)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RejectControlCharacters:
    """Refuse URLs whose path or query carries control characters (e.g. %00): PostgreSQL cannot store or
    compare NUL, and no legitimate client sends them. Bodies are cleaned by the schemas instead."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            query = unquote(scope.get("query_string", b"").decode("latin-1"))
            if _CONTROL.search(scope.get("path", "")) or _CONTROL.search(query):
                response = JSONResponse(
                    status_code=400, content={"detail": "요청 주소에 허용되지 않는 문자가 포함되어 있습니다."}
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None, clock: Callable[[], datetime] | None = None) -> FastAPI:
    settings = settings or get_settings()
    county = load_county(settings.county_config, settings.categories_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Few threads for the synchronous endpoints: with dozens, GIL hand-offs between them cost more
        # than the database work itself (measured with scripts/bench_api.py).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.thread_pool_size
        install_log_masking()
        if settings.auto_migrate:
            upgrade_database(settings.database_url)
        if settings.api_service_token is None:
            log.warning("API_SERVICE_TOKEN is not set: the chatbot cannot call service endpoints")
        yield
        app.state.db.dispose()

    app = FastAPI(
        title=f"{county.office_name} 민원 API",
        version="1.0.0",
        description=(
            "민원 접수·처리 현황 조회·상담원 연결·칭찬 접수·업무시간 안내. "
            '오류 메시지는 한국어 {"detail": ...} 형식입니다.'
        ),
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.county = county
    app.state.db = Database(settings.database_url, echo=settings.sql_echo)
    app.state.clock = clock or utcnow
    app.state.lookup_limiter = RateLimiter(*settings.lookup_rate)
    app.state.login_limiter = RateLimiter(*settings.login_rate)
    app.state.handoff_chat_limiter = RateLimiter(*settings.handoff_chat_rate)
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit)
    app.add_middleware(RejectControlCharacters)
    if settings.widget_origins:
        # The widget on a county page of another origin polls the live chat; no cookies, so no credentials.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.widget_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-Handoff-Token"],
            max_age=600,
        )

    v1 = APIRouter(prefix="/api/v1")

    @v1.get("/health", tags=["meta"], summary="상태 확인")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    for router in (
        complaints_router,
        handoffs_router,
        handoff_chat_router,
        praises_router,
        calendar_router,
        directory_router,
        auth_router,
        staff_router,
        access_log_router,
        standard_router,
    ):
        v1.include_router(router)
    app.include_router(v1)
    # The staff console: server-rendered pages with their own cookie session (api/console).
    app.include_router(console_router)
    app.include_router(standard_console_router)
    # The citizen's rating page behind the link in the closing text message.
    app.include_router(rating_router)
    # Static pages (homepage chat widget, staff console) are served from api/web/.
    app.mount("/web", StaticFiles(directory=WEB_DIR, html=True), name="web")
    # The demo county homepage and the chat widget its one <script> tag loads.
    app.mount("/widget", StaticFiles(directory=WEB_DIR / "widget"), name="widget")

    homepage_html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    if settings.widget_bot_url is not None:
        # The page's one widget tag names the chatbot's address; deployments (and tests) set it here.
        homepage_html = homepage_html.replace(
            'data-bot-url="http://127.0.0.1:5005"', f'data-bot-url="{html.escape(settings.widget_bot_url)}"'
        )

    @app.get("/", include_in_schema=False)
    def homepage() -> HTMLResponse:
        return HTMLResponse(homepage_html)

    return app


def __getattr__(name: str):
    # `uvicorn api.main:app` gets an app built from the environment; importing this module for
    # create_app alone (tests, tools) does not load settings or touch the database.
    if name == "app":
        global app
        app = create_app()
        return app
    raise AttributeError(name)
