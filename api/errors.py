"""Korean error responses. Every 4xx/5xx body is {"detail": "<Korean sentence>", ...}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("api.errors")


class ApiError(Exception):
    """Raise with a Korean `detail`; rendered as JSON with the given status."""

    def __init__(self, status_code: int, detail: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail
        self.code = code
        self.headers = headers


def not_found(detail: str = "요청하신 정보를 찾을 수 없습니다.") -> ApiError:
    return ApiError(404, detail, "not_found")


def forbidden(detail: str = "이 작업을 할 권한이 없습니다.") -> ApiError:
    return ApiError(403, detail, "forbidden")


def unauthorized(detail: str = "로그인이 필요합니다. 인증 정보를 확인해 주십시오.") -> ApiError:
    return ApiError(401, detail, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


def conflict(detail: str, code: str = "conflict") -> ApiError:
    return ApiError(409, detail, code)


_DEFAULT_HTTP_DETAIL = {
    400: "요청 형식이 올바르지 않습니다.",
    401: "로그인이 필요합니다. 인증 정보를 확인해 주십시오.",
    403: "이 작업을 할 권한이 없습니다.",
    404: "요청하신 주소를 찾을 수 없습니다.",
    405: "허용되지 않는 요청 방식입니다.",
    406: "지원하지 않는 응답 형식입니다.",
    413: "요청 내용이 너무 큽니다.",
    415: "지원하지 않는 요청 형식입니다. JSON으로 보내 주십시오.",
    429: "요청이 너무 많습니다. 잠시 후 다시 시도해 주십시오.",
}


def _korean_message(err: dict[str, Any]) -> str:
    etype = err.get("type", "")
    ctx = err.get("ctx") or {}
    if etype == "missing":
        return "필수 항목입니다."
    if etype == "string_too_short":
        return (
            "내용을 입력해 주십시오."
            if ctx.get("min_length", 1) <= 1
            else f"{ctx.get('min_length')}자 이상 입력해 주십시오."
        )
    if etype == "string_too_long":
        return f"{ctx.get('max_length')}자 이하로 입력해 주십시오."
    if etype == "too_long":
        if isinstance(err.get("input"), str):
            return f"{ctx.get('max_length')}자 이하로 입력해 주십시오."
        return f"항목은 최대 {ctx.get('max_length')}개까지 입력할 수 있습니다."
    if etype in ("too_short",):
        return f"항목을 {ctx.get('min_length')}개 이상 입력해 주십시오."
    if etype in ("string_type", "string_unicode", "string_sub_type"):
        return "문자열로 입력해 주십시오."
    if etype.startswith("int_") or etype == "int_from_float":
        return "정수로 입력해 주십시오."
    if etype.startswith("bool_"):
        return "true 또는 false로 입력해 주십시오."
    if etype.startswith("float_") or etype.startswith("decimal_"):
        return "숫자로 입력해 주십시오."
    if etype in ("enum", "literal_error"):
        return f"허용된 값 중 하나를 입력해 주십시오: {ctx.get('expected', '')}".strip()
    if etype == "string_pattern_mismatch":
        return "형식이 올바르지 않습니다."
    if etype in ("greater_than_equal", "greater_than"):
        return f"{ctx.get('ge', ctx.get('gt'))}보다 크거나 같은 값이어야 합니다."
    if etype in ("less_than_equal", "less_than"):
        return f"{ctx.get('le', ctx.get('lt'))}보다 작거나 같은 값이어야 합니다."
    if etype == "json_invalid":
        return "요청 본문이 올바른 JSON 형식이 아닙니다."
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return "객체(JSON object) 형식으로 입력해 주십시오."
    if etype in ("list_type", "tuple_type", "set_type"):
        return "목록(배열) 형식으로 입력해 주십시오."
    if etype == "extra_forbidden":
        return "알 수 없는 항목입니다."
    if etype.startswith("datetime") or etype.startswith("date") or etype.startswith("time"):
        return "날짜·시간 형식이 올바르지 않습니다. 예: 2026-03-02T09:00:00+09:00"
    if etype in ("value_error", "assertion_error"):
        msg = str(err.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix) :]
        return msg or "입력값이 올바르지 않습니다."
    return "입력값이 올바르지 않습니다."


_LOC_KOREAN = {"body": "본문", "query": "쿼리", "path": "경로", "header": "헤더"}


def _validation_response(exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        # The raw input is left out on purpose: it may carry a citizen's personal data.
        errors.append(
            {
                "loc": loc,
                "field": ".".join(loc[1:]) or (loc[0] if loc else ""),
                "message": _korean_message(err),
                "type": err.get("type"),
            }
        )
    if any(e["type"] == "json_invalid" for e in errors):
        detail = "요청 본문이 올바른 JSON 형식이 아닙니다."
    elif errors:
        first = errors[0]
        where = first["field"] or _LOC_KOREAN.get(first["loc"][0] if first["loc"] else "", "")
        detail = (
            f"입력값을 확인해 주십시오. {where}: {first['message']}"
            if where
            else f"입력값을 확인해 주십시오. {first['message']}"
        )
    else:
        detail = "입력값을 확인해 주십시오."
    return JSONResponse(status_code=422, content={"detail": detail, "errors": errors})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        body: dict[str, Any] = {"detail": exc.detail}
        if exc.code:
            body["code"] = exc.code
        return JSONResponse(status_code=exc.status_code, content=body, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError):
        return _validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if not isinstance(detail, str) or detail.isascii():
            # Framework defaults are English phrases ("Not Found"); citizens get Korean.
            detail = _DEFAULT_HTTP_DETAIL.get(exc.status_code, "요청을 처리할 수 없습니다.")
        return JSONResponse(
            status_code=exc.status_code, content={"detail": detail}, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception):
        log.exception("unhandled error: %s", type(exc).__name__)
        return JSONResponse(
            status_code=500, content={"detail": "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주십시오."}
        )
