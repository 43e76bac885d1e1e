# recommend/: recommendations both ways (offers for students, profiles for
# employers), the admin's impact weights, the digest sections, favourites
libaltc_a_SOURCES += \
	recommend/recommend.h recommend/recommend_int.h \
	recommend/recommend_norm.c recommend/recommend_score.c recommend/recommend_update.c \
	recommend/recommend.c recommend/recommend_write.c recommend/recommend_list.c \
	recommend/recommend_show.c recommend/recommend_mail.c recommend/recommend_mail.h \
	recommend/recommend_signup.c recommend/cvtheque.c recommend/cli_recommend.c
