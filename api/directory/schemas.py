from __future__ import annotations

from pydantic import BaseModel

from api.common_schemas import DepartmentRef, TownshipRef


class DepartmentOut(DepartmentRef):
    duties: str


class CategoryOut(BaseModel):
    id: str
    name: str
    covers: str


class RouteOut(BaseModel):
    category: str
    category_name: str
    department: DepartmentRef
    township_office: TownshipRef | None = None
    township_office_applies: bool
    message: str
