# LoRA / LyCORIS / textual inversion through the CLI contract the hidden cases use:
# `generate --lora FILE:SCALE --embeddings-dir DIR`, latents compared with diffusers' (1e-3).
# Included from tests/cli/CMakeLists.txt (golden_dir, compare_tensors defined there).
set(lora_dir "${golden_dir}/lora")
set(adapters_dir "${golden_dir}/adapters")
set(sd1 "${golden_dir}/models/tiny-sd1")
set(cli_data "${CMAKE_CURRENT_SOURCE_DIR}/data")

# reverie_cli_adapter_case(NAME GOLDEN ARGS...): generate on the CPU in fp32, then compare.
function(reverie_cli_adapter_case name golden)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  add_test(NAME ${name}
    COMMAND reverie-cli generate ${ARGN} --device cpu --dtype fp32
      --out "${out}.png" --out-latents "${out}.safetensors")
  set_tests_properties(${name} PROPERTIES LABELS "golden;cli" FIXTURES_SETUP ${name}_out)
  add_test(NAME ${name}_latents
    COMMAND compare_tensors "${out}.safetensors" latents "${golden}" final_latents 1e-3)
  set_tests_properties(${name}_latents PROPERTIES LABELS "golden;cli" FIXTURES_REQUIRED ${name}_out)
endfunction()

if(EXISTS "${lora_dir}/tiny-sd1-lora.safetensors" AND EXISTS "${adapters_dir}/manifest.json")
  reverie_cli_adapter_case(cli_lora_sd1_pndm "${lora_dir}/pipelines/txt2img_sd1_lora0.7_pndm.safetensors"
    --model "${sd1}" --lora "${lora_dir}/tiny-sd1-lora.safetensors:0.7"
    --prompt "a cinematic photo of a red fox in a snowy forest"
    --seed 0 --steps 5 --cfg-scale 7.5 --sampler pndm --width 128 --height 128)
  reverie_cli_adapter_case(cli_lora_sd1_neg_nonsquare
    "${lora_dir}/pipelines/txt2img_sd1_lora1.0_neg_nonsquare.safetensors"
    --model "${sd1}.safetensors" --lora "${lora_dir}/tiny-sd1-lora.safetensors:1.0"
    --prompt "an oil painting of a sailing ship at dawn" --negative-prompt "blurry, low quality"
    --seed 42 --steps 5 --cfg-scale 7.5 --sampler pndm --width 192 --height 128)
  reverie_cli_adapter_case(cli_ti_sd1_pndm "${adapters_dir}/pipelines/txt2img_sd1_ti_pndm.safetensors"
    --model "${sd1}.safetensors" --embeddings-dir "${adapters_dir}/embeddings/sd1"
    --prompt "a reverie-style painting of a lighthouse at dusk"
    --negative-prompt "reverie-object, blurry"
    --seed 0 --steps 5 --cfg-scale 7.5 --sampler pndm --width 128 --height 128)
  reverie_cli_adapter_case(cli_loha_sd1_euler_nonsquare
    "${adapters_dir}/pipelines/txt2img_sd1_loha0.8_euler_nonsquare.safetensors"
    --model "${sd1}" --lora "${adapters_dir}/loras/tiny-sd1-loha.safetensors:0.8"
    --prompt "a watercolor painting of a fox in the snow"
    --seed 42 --steps 5 --cfg-scale 7.5 --sampler euler --width 192 --height 128)
  reverie_cli_adapter_case(cli_lokr_sd1_pndm_neg
    "${adapters_dir}/pipelines/txt2img_sd1_lokr1_pndm_neg.safetensors"
    --model "${sd1}.safetensors" --lora "${adapters_dir}/loras/tiny-sd1-lokr.safetensors:1"
    --prompt "an oil painting of a sailing ship at dawn" --negative-prompt "blurry, low quality"
    --seed 0 --steps 5 --cfg-scale 7.5 --sampler pndm --width 128 --height 128)
  reverie_cli_adapter_case(cli_loha_lokr_ti_sd1_dpmpp2m_karras
    "${adapters_dir}/pipelines/txt2img_sd1_loha0.6_lokr0.8_ti_dpmpp2m_karras.safetensors"
    --model "${sd1}" --lora "${adapters_dir}/loras/tiny-sd1-loha.safetensors:0.6"
    --lora "${adapters_dir}/loras/tiny-sd1-lokr.safetensors:0.8"
    --embeddings-dir "${adapters_dir}/embeddings/sd1"
    --prompt "reverie-style portrait of a knight, reverie-style background and a reverie-object"
    --negative-prompt "reverie-object, blurry"
    --seed 42 --steps 5 --cfg-scale 7.5 --sampler dpmpp_2m --karras --width 128 --height 128)

  # SDXL: embeddings with clip_l / clip_g vectors, kohya (lora_te1_/lora_te2_, SGM UNet names) and
  # PEFT LoRAs; the model's own sampler (Euler) and DPM++ 2M Karras by name.
  set(sdxl "${golden_dir}/sdxl/models/tiny-sdxl")
  reverie_cli_adapter_case(cli_ti_sdxl_euler
    "${adapters_dir}/pipelines/txt2img_sdxl_ti_euler.safetensors"
    --model "${sdxl}" --embeddings-dir "${adapters_dir}/embeddings/sdxl"
    --prompt "a reverie-xl photo of a mountain lake" --negative-prompt "blurry, low quality"
    --seed 42 --steps 5 --cfg-scale 5 --sampler euler --width 128 --height 128)
  reverie_cli_adapter_case(cli_lora_sdxl_kohya_euler_neg
    "${adapters_dir}/pipelines/txt2img_sdxl_lora_kohya0.8_euler_neg.safetensors"
    --model "${sdxl}.safetensors" --lora "${adapters_dir}/loras/tiny-sdxl-lora-kohya.safetensors:0.8"
    --prompt "a cinematic photo of a red fox in a snowy forest" --negative-prompt "blurry, low quality"
    --seed 0 --steps 5 --cfg-scale 5 --sampler euler --width 128 --height 128)
  reverie_cli_adapter_case(cli_lora_sdxl_peft_dpmpp2m_karras_nonsquare
    "${adapters_dir}/pipelines/txt2img_sdxl_lora_peft1_dpmpp2m_karras_nonsquare.safetensors"
    --model "${sdxl}" --lora "${adapters_dir}/loras/tiny-sdxl-lora-peft.safetensors:1"
    --prompt "an oil painting of a sailing ship at dawn"
    --seed 42 --steps 5 --cfg-scale 5 --sampler dpmpp_2m --karras --width 192 --height 128)

  # The same LoRA named in the prompt (found with --lora-dir; the tag is not encoded).
  reverie_cli_adapter_case(cli_lora_sd1_prompt_tag
    "${lora_dir}/pipelines/txt2img_sd1_lora0.7_pndm.safetensors"
    --model "${sd1}" --lora-dir "${lora_dir}"
    --prompt "a cinematic photo of a red fox in a snowy forest <lora:tiny-sd1-lora:0.7>"
    --seed 0 --steps 5 --cfg-scale 7.5 --sampler pndm --width 128 --height 128)
  # A PNG written with --lora reproduces from its parameters (the tag and Lora hashes it carries).
  set(out "${CMAKE_CURRENT_BINARY_DIR}/cli_lora_sd1_pndm")
  add_test(NAME cli_lora_from_png
    COMMAND reverie-cli generate --model "${sd1}" --from-png "${out}.png" --lora-dir "${lora_dir}"
      --out "${out}_again.png" --out-latents "${out}_again.safetensors")
  set_tests_properties(cli_lora_from_png PROPERTIES LABELS "golden;cli"
    FIXTURES_REQUIRED cli_lora_sd1_pndm_out FIXTURES_SETUP cli_lora_from_png_out)
  add_test(NAME cli_lora_from_png_latents
    COMMAND compare_tensors "${out}_again.safetensors" latents "${out}.safetensors" latents 0)
  set_tests_properties(cli_lora_from_png_latents PROPERTIES LABELS "golden;cli"
    FIXTURES_REQUIRED cli_lora_from_png_out)

  # Refusals name the problem: an SDXL LoRA on SD 1.x names both families.
  add_test(NAME cli_lora_wrong_family
    COMMAND reverie-cli generate --model "${sd1}" --prompt x --steps 1 --width 64 --height 64
      --lora "${adapters_dir}/loras/tiny-sdxl-lora-kohya.safetensors"
      --out "${CMAKE_CURRENT_BINARY_DIR}/wrong_family.png")
  set_tests_properties(cli_lora_wrong_family PROPERTIES LABELS "golden;cli"
    PASS_REGULAR_EXPRESSION "error: .*is an adapter for SDXL; this model is SD 1.x")
  # info describes adapters and embeddings.
  add_test(NAME cli_info_lora COMMAND reverie-cli info "${lora_dir}/tiny-sd1-lora.safetensors")
  set_tests_properties(cli_info_lora PROPERTIES LABELS "golden;cli"
    PASS_REGULAR_EXPRESSION "kind: +LoRA \\(215\\).*rank: +2 \\(.*targets: +text_encoder \\(18\\), unet \\(197\\)")
  add_test(NAME cli_info_loha COMMAND reverie-cli info "${adapters_dir}/loras/tiny-sd1-loha.safetensors")
  set_tests_properties(cli_info_loha PROPERTIES LABELS "golden;cli" PASS_REGULAR_EXPRESSION "kind: +LoHa \\(180\\)")
  add_test(NAME cli_info_embedding
    COMMAND reverie-cli info "${adapters_dir}/embeddings/sd1/reverie-style.safetensors")
  set_tests_properties(cli_info_embedding PROPERTIES LABELS "golden;cli"
    PASS_REGULAR_EXPRESSION "textual inversion.*prompt name: reverie-style.*vectors: +2")
endif()

# The LoRA merge benchmark runs (never a timed assertion) and reports its figures.
add_test(NAME cli_bench_lora_tiny COMMAND reverie-cli bench --preset tiny --lora-rank 4 --json)
set_tests_properties(cli_bench_lora_tiny PROPERTIES LABELS "unit;cli"
  PASS_REGULAR_EXPRESSION "\"lora_apply_ms\":[0-9.e+-]+,\"lora_apply_cpu_ms\".*\"lora_peak_rss_above_model_mb\"")

# info reads an A1111 .pt embedding through the restricted unpickler.
add_test(NAME cli_info_pt_embedding
  COMMAND reverie-cli info "${CMAKE_CURRENT_SOURCE_DIR}/../fuzz/corpus/torch_pickle/embedding.pt")
set_tests_properties(cli_info_pt_embedding PROPERTIES LABELS "unit;cli"
  PASS_REGULAR_EXPRESSION "textual inversion.*prompt name: embedding.*vectors: +2")
