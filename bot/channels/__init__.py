"""Rasa input channels of the citizens' front doors: the homepage widget (web) and the KakaoTalk skill (kakao)."""
