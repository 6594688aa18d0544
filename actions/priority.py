"""Priority flags of a complaint: urgent safety risks and elderly or disabled citizens.

Read from the complaint's own description and place only (slots), never from other turns, so the body
sent for one Idempotency-Key never changes between a submission and its retry.
"""

from __future__ import annotations

import re
from typing import Dict, Optional

# Risks to life or limb that a department should see first: sinkholes, fallen poles and wires, gas,
# collapsing walls or slopes, open manholes, flooding, black ice, broken traffic lights.
URGENT_SAFETY = re.compile(
    r"싱크홀|땅\s*꺼짐|땅이\s*꺼|지반\s*침하|도로가?\s*꺼졌|꺼진\s*도로"
    r"|전신주|전봇대|전선이?\s*(끊|늘어|떨어|내려)|고압선"
    r"|가스\s*(누출|새|냄새|샘)"
    r"|붕괴|무너(질|져|지|졌)|낙석|축대|옹벽|산사태|토사\s*유출"
    r"|맨홀\s*(뚜껑)?\s*(이|가)?\s*(열|없|빠|깨)|하수구\s*뚜껑\s*(이|가)?\s*(열|없|빠)"
    r"|침수|물에\s*잠|블랙\s*아이스|도로\s*결빙|빙판길"
    r"|신호등\s*(이|가)?\s*(고장|꺼|안\s*들어|먹통)"
)
# The citizen (or the person the complaint is for) is elderly or disabled.
ELDERLY_OR_DISABLED = re.compile(
    r"어르신|노인|독거|할머니|할아버지|노모|노부모|고령|[789]0\s*대|[6-9]\d\s*세"
    r"|장애|휠체어|거동\s*(이|이\s*)?불편|보행\s*보조|지팡이|시각\s*장애|청각\s*장애|치매"
)


def priority_flags(description: Optional[str], location: Optional[str] = None) -> Dict[str, bool]:
    text = " ".join(part for part in (description, location) if part)
    return {
        "urgent_safety": bool(URGENT_SAFETY.search(text)),
        "elderly_or_disabled": bool(ELDERLY_OR_DISABLED.search(text)),
    }
