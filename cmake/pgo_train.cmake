# pgo_train.cmake: the training run of the profile-guided build (CMakeLists.txt, NABIJ_PGO).
# Runs the instrumented nabij of GEN on the embedded baseline (one thread) and copies its
# counts (GEN/data) to LIVE, the folder the optimised build reads, then touches
# PROFILE_STAMP (the optimised build's objects depend on it). Skipped when the instrumented
# objects are the same bytes as at the last training (they are compiled with a fixed random
# seed): a rebuilt but unchanged source, or a new git hash in the version file, then
# recompiles nothing. The counts themselves differ a little from run to run (value profiles
# of addresses), so they are not what is compared. TRAINED_STAMP is touched either way.
foreach(v GEN LIVE PROFILE_STAMP TRAINED_STAMP)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "pgo_train.cmake needs -D${v}=...")
  endif()
endforeach()
file(GLOB_RECURSE objects "${GEN}/CMakeFiles/*.o")
list(FILTER objects EXCLUDE REGEX "version\\.c\\.o$")
list(SORT objects)
set(sums "")
foreach(o IN LISTS objects)
  file(SHA256 "${o}" h)
  string(APPEND sums "${h}\n")
endforeach()
string(SHA256 key "${sums}")
set(key_file "${LIVE}.objects")
if(EXISTS "${key_file}" AND EXISTS "${PROFILE_STAMP}" AND EXISTS "${LIVE}")
  file(READ "${key_file}" old_key)
  if(old_key STREQUAL key)
    file(TOUCH "${TRAINED_STAMP}")
    return()
  endif()
endif()
file(REMOVE_RECURSE "${GEN}/data")
execute_process(COMMAND "${GEN}/nabij" run --threads 1 --quiet --force -o "${GEN}/train.h5"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the training run of the profile-guided build failed (exit ${rc}): "
          "${GEN}/nabij run --threads 1 --quiet --force -o ${GEN}/train.h5; "
          "configure with -DNABIJ_PGO=OFF to build without it")
endif()
file(REMOVE "${GEN}/train.h5")
file(GLOB counts "${GEN}/data/*.gcda")
if(counts STREQUAL "")
  message(FATAL_ERROR "the training run of the profile-guided build wrote no counts to ${GEN}/data")
endif()
file(REMOVE_RECURSE "${LIVE}")
file(COPY "${GEN}/data/" DESTINATION "${LIVE}")
file(WRITE "${key_file}" "${key}")
file(TOUCH "${PROFILE_STAMP}")
file(TOUCH "${TRAINED_STAMP}")
