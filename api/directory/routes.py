from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.common_schemas import DepartmentRef, TownshipRef
from api.deps import CountyDep
from api.directory.schemas import CategoryOut, DepartmentOut, RouteOut
from api.errors import ApiError
from api.textclean import clean_text

router = APIRouter(tags=["directory"])


@router.get("/departments", response_model=list[DepartmentOut], summary="부서 목록과 전화번호")
def departments(county: CountyDep):
    return [DepartmentOut(id=d.id, name=d.name, phone=d.phone, duties=d.duties) for d in county.departments.values()]


@router.get("/categories", response_model=list[CategoryOut], summary="민원 분야 (categories.yml)")
def categories(county: CountyDep):
    return [CategoryOut(id=c.id, name=c.name, covers=c.covers) for c in county.categories.values()]


@router.get("/townships", response_model=list[TownshipRef], summary="읍·면 행정복지센터")
def townships(county: CountyDep):
    return [TownshipRef(name=t.name, phone=t.phone, address=t.address) for t in county.townships.values()]


@router.get(
    "/routing/{category}", response_model=RouteOut, summary="분야별 담당 부서 (읍·면을 주면 가까운 행정복지센터도)"
)
def routing(category: str, county: CountyDep, township: Annotated[str | None, Query(max_length=20)] = None):
    if category not in county.routing:
        raise ApiError(
            404, "알 수 없는 민원 분야입니다. /api/v1/categories 목록의 id를 사용해 주십시오.", "unknown_category"
        )
    township = clean_text(township) if township else None
    if township and county.township(township) is None:
        raise ApiError(
            422,
            f"{county.name}의 읍·면이 아닙니다: {', '.join(county.townships)} 중에서 입력해 주십시오.",
            "unknown_township",
        )
    route = county.route(category, township)
    dept, office = route.department, route.township_office
    township_ref = TownshipRef(name=office.name, phone=office.phone, address=office.address) if office else None
    if township_ref:
        message = (
            f"{dept.name}({dept.phone}) 담당이며, 가까운 {office.name} 행정복지센터({office.phone})에서도 도와드립니다."
        )
    else:
        message = f"{dept.name}({dept.phone})에서 담당합니다."
    return RouteOut(
        category=category,
        category_name=route.category.name,
        department=DepartmentRef(id=dept.id, name=dept.name, phone=dept.phone),
        township_office=township_ref,
        township_office_applies=route.township_office_applies,
        message=message,
    )
