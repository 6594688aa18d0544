from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AnyStaff, CountyDep, Now, ReadDB, ServiceOnly, WriteDB
from api.praises import service
from api.praises.schemas import PraiseCreate, PraiseOut, PraisePage

router = APIRouter(prefix="/praises", tags=["praises"])


@router.post("", status_code=201, response_model=PraiseOut, summary="직원 칭찬 접수 (챗봇 서비스)")
def create_praise(body: PraiseCreate, principal: ServiceOnly, session: WriteDB, county: CountyDep, now: Now):
    praise = service.create(session, body, county, now)
    session.commit()
    return PraiseOut.model_validate(praise)


@router.get("", response_model=PraisePage, summary="칭찬 목록 (직원)")
def list_praises(
    principal: AnyStaff,
    session: ReadDB,
    department_id: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
):
    rows, total = service.list_praises(session, department_id, limit, offset)
    return PraisePage(items=[PraiseOut.model_validate(p) for p in rows], total=total)
